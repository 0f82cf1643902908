package dev.runbook.demo;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.ConfigLoader;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.MirrorSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Everything the demo instance needs, started on this machine and torn down at the end: a Bitbucket
 * simulator, a private PostgreSQL with sample data, a home that can be snapshotted (a btrfs
 * subvolume on a loop device when run as root, else a directory copied with rsync in locked mode), a
 * Smart Mirror simulator paired with the Bitbucket simulator, Temporal's server (its store in the demo's
 * directory, gRPC and Web UI on free ports of 127.0.0.1) and the workers.
 */
public final class Demo implements AutoCloseable {
  private final Path dir;
  private final PrintWriter out;
  private BitbucketSimulator bitbucket;
  private MirrorSimulator mirror;
  private PostgresFixture postgres;
  private LoopFilesystems filesystems;
  private Catalog catalog;
  private LocalStack stack;
  private Path config;
  private Path home;
  private Path meshHome;

  private Demo(Path dir, PrintWriter out) {
    this.dir = dir;
    this.out = out;
  }

  /** Starts everything; on failure stops what was started. */
  public static Demo start(Path dir, Catalog catalog, PrintWriter out) throws IOException {
    Demo demo = new Demo(dir, out);
    try {
      demo.setUp(catalog);
      return demo;
    } catch (IOException | RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  private void setUp(Catalog catalog) throws IOException {
    this.catalog = catalog;
    Files.createDirectories(dir.resolve("backups"));
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    Path bbPassword = writePrivate(dir.resolve("bitbucket-password"), password);
    bitbucket = BitbucketSimulator.builder().admin("admin", password).start();
    out.println("demo: Bitbucket simulator at " + bitbucket.baseUrl());
    mirror = MirrorSimulator.builder(bitbucket).name("demo-mirror").version("9.2.0").admin("admin", password)
        .syncInterval(java.time.Duration.ofMillis(150)).start();
    out.println("demo: Smart Mirror simulator at " + mirror.baseUrl() + ", paired with it and synchronized");
    postgres = PostgresFixture.start();
    postgres.createDatabase("bitbucket");
    postgres.psql("bitbucket", "CREATE TABLE repository (id int PRIMARY KEY, name text);"
        + " INSERT INTO repository SELECT g, 'repo-' || g FROM generate_series(1, 2000) g;"
        + " CREATE TABLE pull_request (id int PRIMARY KEY, repository int, title text);"
        + " INSERT INTO pull_request SELECT g, g % 2000 + 1, 'change ' || g FROM generate_series(1, 10000) g;");
    Path pgPassword = writePrivate(dir.resolve("postgres-password"), postgres.password());
    out.println("demo: PostgreSQL on 127.0.0.1:" + postgres.port() + " with 2000 repositories and 10000 pull requests");
    String snapshot;
    String meshSnapshot;
    String mode;
    String why = LoopFilesystems.unavailableBecause();
    if (why == null) {
      filesystems = LoopFilesystems.create();
      Path btrfs = filesystems.btrfs("demo-data", 256);
      home = filesystems.subvolume(btrfs.resolve("home"));
      Files.createDirectories(btrfs.resolve(".snapshots"));
      snapshot = "{provider: btrfs, snapshotDir: " + btrfs.resolve(".snapshots") + "}";
      meshHome = filesystems.subvolume(btrfs.resolve("mesh-home"));
      meshSnapshot = "{provider: btrfs, snapshotDir: " + Files.createDirectories(btrfs.resolve(".mesh-snapshots")) + "}";
      mode = "zero-downtime";
      out.println("demo: shared home on a btrfs subvolume " + home + " (loop device); snapshots are read-only subvolumes");
    } else {
      home = Files.createDirectories(dir.resolve("home"));
      Path copies = Files.createDirectories(dir.resolve("copies"));
      snapshot = "{provider: rsync, target: " + copies + "}";
      meshHome = Files.createDirectories(dir.resolve("mesh-home"));
      meshSnapshot = "{provider: rsync, target: " + Files.createDirectories(dir.resolve("mesh-copies")) + "}";
      mode = "locked";
      out.println("demo: shared home in " + home + " (no btrfs snapshot: " + why + "; copied with rsync under "
          + "Bitbucket's maintenance lock instead)");
    }
    gitInitBare(home.resolve("data/repositories/1")); // a real (empty) repository, so runbook verify can git fsck it
    Files.createDirectories(home.resolve("data/repositories/1/refs/heads"));
    Files.writeString(home.resolve("data/repositories/1/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(home.resolve("data/repositories/1/index.lock"), ""); // a write in progress at backup time
    Files.writeString(home.resolve("README.txt"), "the shared home at backup time\n");
    // Bitbucket's service on node1, played by the simulator: the scripts write the state it follows.
    Path state = dir.resolve("service-state");
    Files.writeString(state, "running");
    bitbucket.followServiceState(state, java.time.Duration.ofSeconds(1));
    Path stop = script(dir.resolve("stop-bitbucket.sh"), "echo stopped > " + state);
    Path start = script(dir.resolve("start-bitbucket.sh"), "echo running > " + state);
    Path status = script(dir.resolve("status-bitbucket.sh"), "[ \"$(cat " + state + ")\" = running ] && exit 0 || exit 3");
    String mesh = meshNode(meshSnapshot);
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        # Generated by `runbook demo`: a one-machine instance whose Bitbucket is a simulator.
        hosts:
          - name: local
            mode: local
        instances:
          - name: demo
            mode: %s
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%s], snapshot: %s}
            database: {provider: postgresql, host: local, port: %d, name: bitbucket, user: postgres,
                       password: 'file:%s', backupRoot: %s}
            retention: {keep: 3}
            services: {provider: command, stop: %s, start: %s, status: %s}
            restore: {requireApproval: false, stopTimeout: 30s, startTimeout: 60s}
            rpo: 26h
            verify: {tables: [repository, pull_request]}
            %s
        mirrors:
          - name: demo-mirror
            primary: demo
            baseUrl: '%s'
            username: admin
            password: 'file:%s'
            recovery: {requireApproval: false, installTimeout: 1m, syncTimeout: 2m, pollInterval: 500ms}
        """.formatted(mode, bitbucket.baseUrl(), bbPassword, home, snapshot, postgres.port(), pgPassword,
        dir.resolve("backups"), stop, start, status, mesh, mirror.baseUrl(), bbPassword));
    Secrets secrets = new Secrets();
    ConfigLoader.load(config, Optional.of(secrets));
    Path store = dir.resolve("temporal.db");
    Files.deleteIfExists(store);
    stack = LocalStack.start(null, new DevServerOptions(null, store, null, 0, 0, null, null), new ConfigSource(config),
        catalog, secrets);
    out.println("demo: Temporal's server on " + stack.target().target() + " (store " + store + "); workers in this process");
    out.println("demo: Temporal's Web UI at " + stack.server().uiAddress() + " (runs show there as they happen)");
    out.println("demo: configuration " + config + "; catalog " + catalog.location());
    out.println();
  }

  /**
   * The demo's Bitbucket Mesh node mesh-1 on this machine: its home beside the shared home (with a repository
   * and a README), its service played by the simulator (listening on its RPC port while its scripts say
   * running); returns its {@code mesh:} entry.
   */
  private String meshNode(String snapshot) throws IOException {
    gitInitBare(meshHome.resolve("repositories/1"));
    Files.writeString(meshHome.resolve("README.txt"), "the Mesh home at backup time\n");
    Path state = dir.resolve("mesh-service-state");
    Files.writeString(state, "running");
    var node = bitbucket.mesh().addNode("mesh-1");
    node.followServiceState(state, java.time.Duration.ofMillis(500));
    bitbucket.mesh().addSidecar(); // node1's embedded Mesh sidecar: listed by Bitbucket, not a Mesh node to back up
    Path stop = script(dir.resolve("stop-mesh.sh"), "echo stopped > " + state);
    Path start = script(dir.resolve("start-mesh.sh"), "echo running > " + state);
    Path status = script(dir.resolve("status-mesh.sh"), "[ \"$(cat " + state + ")\" = running ] && exit 0 || exit 3");
    out.println("demo: Bitbucket Mesh node mesh-1 serving RPC on 127.0.0.1:" + node.port() + ", its home " + meshHome);
    return """
        mesh:
              - name: mesh-1
                host: local
                rpcPort: %d
                home: {mounts: [%s], snapshot: %s}
                services: {provider: command, stop: %s, start: %s, status: %s}
        """.formatted(node.port(), meshHome, snapshot, stop, start, status).strip();
  }

  public LocalStack stack() {
    return stack;
  }

  /** Changes the demo's data as an incident would: most repositories gone from the database, a file in the home rewritten. */
  public void damage() throws IOException {
    postgres.psql("bitbucket", "DELETE FROM repository WHERE id > 500");
    Files.writeString(home.resolve("README.txt"), "overwritten after the backup\n");
    Files.writeString(meshHome.resolve("README.txt"), "overwritten after the backup\n");
    out.println("demo: changed the data: " + describe());
  }

  /** Plays the mirror incident: a staging clone of the demo instance deleted its mirror. */
  public void breakMirror() {
    mirror.playStagingDeletion();
    out.println("demo: a staging clone of demo deleted demo-mirror: the mirror now says REMOVED, while demo still lists "
        + "it, so synchronization has stopped");
  }

  /** The demo's data as a user would check it. */
  public String describe() throws IOException {
    return postgres.psql("bitbucket", "SELECT count(*) FROM repository") + " repositories in the database; README.txt says \""
        + Files.readString(home.resolve("README.txt")).strip() + "\"; on Mesh node mesh-1, README.txt says \""
        + Files.readString(meshHome.resolve("README.txt")).strip() + "\"";
  }

  private static Path script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  public Path config() {
    return config;
  }

  private static Path writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, content + "\n");
    return file;
  }

  /**
   * Stops everything. The demo's snapshots and dumps vanish with its filesystem and database, so its
   * restore points are marked deleted in the catalog: nothing there claims a restore it cannot do.
   */
  @Override
  public void close() {
    if (stack != null) {
      stack.close();
    }
    if (catalog != null) {
      try {
        List<RestorePointView> left = catalog.restorePoints(new RestorePointQuery("demo",
            List.of(RestorePointStatus.COMPLETE, RestorePointStatus.CREATING)));
        for (RestorePointView rp : left) {
          catalog.restorePoint(RestorePointChange.deleted(rp.id(), "demo", Instant.now(), "the demo removed its data on exit"));
        }
      } catch (java.sql.SQLException e) {
        out.println("demo: could not mark its restore points deleted in the catalog: " + e.getMessage());
      }
    }
    for (AutoCloseable c : new AutoCloseable[] {postgres, filesystems, mirror, bitbucket}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        out.println("demo: clean-up: " + e.getMessage());
      }
    }
  }

  /** {@code git init --bare}; without git the repository stays a bare directory, which runbook verify reports. */
  private static void gitInitBare(Path repo) throws IOException {
    Files.createDirectories(repo);
    try {
      Process p = new ProcessBuilder("git", "init", "-q", "--bare", repo.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor();
    } catch (IOException e) {
      // no git on this machine: the rest of the demo does not need it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
