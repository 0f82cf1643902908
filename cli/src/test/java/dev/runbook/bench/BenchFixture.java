package dev.runbook.bench;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What every benchmark runs against, as the end-to-end tests do: a btrfs pool on a loop device holding
 * the home (a subvolume) and an ext4 image (the {@code command} provider's home, frozen for real), a
 * private PostgreSQL with a pgbench database of {@code scale}, the Bitbucket simulator driven by
 * service scripts, and Temporal's real server ({@code temporal server start-dev}) with this process's
 * workers on it ({@link LocalStack}). Instance {@code prod}: btrfs home, pg_dump; instance {@code images}:
 * command provider with freeze, a tiny database.
 */
final class BenchFixture implements AutoCloseable {
  final LoopFilesystems fs;
  final PostgresFixture pg;
  final BitbucketSimulator bitbucket;
  final Path dir;
  final Path home;
  final Path snapshots;
  final Path image;
  final Path imageHome;
  final Path imageSnaps;
  final Path backups;
  final Path pgPassword;
  final Path stop;
  final Path start;
  final int jobs;
  final LocalStack stack;

  BenchFixture(int scale, int jobs) throws Exception {
    this.jobs = jobs;
    fs = LoopFilesystems.create();
    dir = fs.dir();
    Path pool = fs.btrfs("pool", 1024);
    snapshots = Files.createDirectories(pool.resolve(".snapshots"));
    home = fs.subvolume(pool.resolve("home"));
    fill(home, 16);
    image = pool.resolve("home.img");
    imageHome = fs.ext4(image, "image-home", 512);
    fill(imageHome, 64);
    imageSnaps = Files.createDirectories(pool.resolve("images"));
    backups = Files.createDirectories(dir.resolve("backups"));
    pg = PostgresFixture.start();
    pgPassword = script("pg-password", pg.password());
    Files.setPosixFilePermissions(pgPassword, PosixFilePermissions.fromString("rw-------"));
    pg.createDatabase("bitbucket");
    pg.createDatabase("tiny");
    pg.psql("tiny", "CREATE TABLE t (id int, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 1000) g");
    long loading = System.nanoTime();
    run(List.of(pg.binDir().resolve("pgbench").toString(), "-i", "-q", "-s", Integer.toString(scale), "-h", "127.0.0.1",
        "-p", Integer.toString(pg.port()), "-U", "postgres", "bitbucket"));
    String size = pg.psql("bitbucket", "SELECT pg_size_pretty(pg_database_size('bitbucket'))");
    System.out.printf("pgbench -s %d database: %s (loaded in %d s)%n", scale, size, (System.nanoTime() - loading) / 1_000_000_000L);
    bitbucket = BitbucketSimulator.builder().admin("a", "b").start();
    Path state = dir.resolve("service-state");
    Files.writeString(state, "running");
    bitbucket.followServiceState(state, Duration.ZERO);
    stop = script("stop.sh", "echo stopped > " + state);
    start = script("start.sh", "echo running > " + state);
    Path status = script("status.sh", "[ \"$(cat " + state + ")\" = running ] && exit 0 || exit 3");
    Path snapshot = script("snapshot.sh", "cp --reflink=always " + image + " " + imageSnaps + "/$RUNBOOK_BACKUP_ID.img");
    Path delete = script("delete.sh", "rm -f " + imageSnaps + "/$RUNBOOK_BACKUP_ID.img");
    Path bbPassword = script("bb-password", "b");
    Path config = dir.resolve("bench.yaml");
    String common = """
            bitbucket: {baseUrl: '%s', username: a, password: 'file:%s'}
            nodes: [{name: node1, host: local}]
            services: {provider: command, stop: %s, start: %s, status: %s}
            restore: {requireApproval: false, integrityCheck: false, stopTimeout: 60s, startTimeout: 60s}
            retention: {keep: 1000}
        """.formatted(bitbucket.baseUrl(), bbPassword, stop, start, status);
    String database = "{provider: postgresql, host: local, port: %d, name: %%s, user: postgres, password: 'file:%s', backupRoot: %s%s}"
        .formatted(pg.port(), pgPassword, backups, jobs > 0 ? ", jobs: " + jobs : "");
    Files.writeString(config, "hosts: [{name: local, mode: local}]\ninstances:\n"
        + "  - name: prod\n" + common
        + "    home: {host: local, mounts: [" + home + "], snapshot: {provider: btrfs}}\n"
        + "    database: " + database.formatted("bitbucket") + "\n"
        + "  - name: images\n" + common
        + "    home: {host: local, mounts: [" + imageHome + "], snapshot: {provider: command, snapshot: " + snapshot
        + ", delete: " + delete + ", freeze: true, maxFreeze: 30s}}\n"
        + "    database: " + database.formatted("tiny") + "\n");
    stack = LocalStack.start(null, DevServerOptions.ephemeral(dir.resolve("temporal.log")), new ConfigSource(config),
        Catalog.open(CatalogLocation.sqlite(dir.resolve("catalog.db")), new Secrets(Map.of())), new Secrets(Map.of()));
  }

  /** Writes an executable shell script (or, for secrets, a file) in the fixture's directory. */
  Path script(String name, String body) throws Exception {
    return script(dir, name, body);
  }

  /** Writes an executable shell script ({@code *.sh}, stopping at the first failing command) or a private file in {@code dir}. */
  static Path script(Path dir, String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, name.endsWith(".sh") ? "#!/bin/bash\nset -e\n" + body + "\n" : body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(name.endsWith(".sh") ? "rwx------" : "rw-------"));
    return p;
  }

  /** Runs a script that prints the nanoseconds it measured on its last line; returns milliseconds. */
  static double timed(Path script) throws Exception {
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(script + " failed: " + out);
    }
    String[] lines = out.split("\n");
    return Long.parseLong(lines[lines.length - 1].strip()) / 1e6;
  }

  /** Runs a command; fails with its output when it fails. */
  void run(List<String> command) throws Exception {
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    b.environment().put("PGPASSWORD", pg.password());
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  /** pg_dump's connection options for database {@code name}. */
  String pgArgs(String name) {
    return "--no-password -h 127.0.0.1 -p " + pg.port() + " -U postgres -d " + name;
  }

  static void fill(Path dir, int megabytes) throws Exception {
    Random random = new Random(1);
    byte[] block = new byte[1024 * 1024];
    for (int i = 0; i < megabytes; i++) {
      random.nextBytes(block);
      Files.write(dir.resolve("data-" + i + ".bin"), block);
    }
    new ProcessBuilder("sync").start().waitFor();
  }

  @Override
  public void close() throws Exception {
    try (fs; pg; bitbucket; stack) {
      // closed in reverse order: the stack first
    }
  }
}
