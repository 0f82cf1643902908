package dev.runbook.bench;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.exec.CommandTimes;
import dev.runbook.activities.home.HomeActivitiesImpl;
import dev.runbook.activities.host.HostContext;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.backup.BackupInput;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.LocalStack;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Measures, in one run: (a) the freeze window of the {@code command} provider against a bare shell
 * doing freeze, reflink copy and thaw on the same filesystem (goal: median ratio at most 1.5); (b)
 * the orchestration overhead of a whole backup on the embedded server: its wall time minus the time
 * during which its commands ran (goal: at most 1 s). Needs root (loop devices, fsfreeze). Run with
 * {@code bench/run.sh}.
 */
public final class BackupBenchmark {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    String why = LoopFilesystems.unavailableBecause();
    if (why != null) {
      System.err.println("benchmark needs real filesystems: " + why);
      System.exit(2);
    }
    try (LoopFilesystems fs = LoopFilesystems.create()) {
      freezeWindow(fs, rounds);
      orchestration(fs, Math.max(3, rounds / 4));
    }
    System.exit(0);
  }

  static void freezeWindow(LoopFilesystems fs, int rounds) throws Exception {
    Path btrfs = fs.btrfs("bench", 1024);
    Path snaps = Files.createDirectories(btrfs.resolve("snaps"));
    Path image = btrfs.resolve("home.img");
    Path home = fs.ext4(image, "home", 512);
    fill(home, 64);
    Path snapshot = script(fs.dir(), "snapshot.sh", "cp --reflink=always " + image + " " + snaps + "/$RUNBOOK_BACKUP_ID.img");
    Path delete = script(fs.dir(), "delete.sh", "rm -f " + snaps + "/$RUNBOOK_BACKUP_ID.img");
    Path bare = script(fs.dir(), "bare.sh", "s=$(date +%s%N); fsfreeze -f " + home + "; cp --reflink=always " + image + " "
        + snaps + "/bare.img; fsfreeze -u " + home + "; e=$(date +%s%N); rm -f " + snaps + "/bare.img; echo $((e-s))");
    Path config = fs.dir().resolve("bench.yaml");
    Files.writeString(config, """
        hosts: [{name: files, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:UNUSED}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [%s], snapshot: {provider: command, snapshot: %s, delete: %s, freeze: true, maxFreeze: 30s}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
        """.formatted(home, snapshot, delete));
    List<Double> shell = new ArrayList<>();
    List<Double> runbook = new ArrayList<>();
    TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    try {
      env.registerActivitiesImplementations(new HomeActivitiesImpl(HostContext.agent("files", new ConfigSource(config))));
      HomeActivities activities = env.newActivityStub(HomeActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build());
      for (int i = 0; i < rounds + 2; i++) {
        Process p = new ProcessBuilder("sh", bare.toString()).redirectErrorStream(true).start();
        double bareMs = Long.parseLong(new String(p.getInputStream().readAllBytes()).strip()) / 1e6;
        p.waitFor();
        String id = String.format(Locale.ROOT, "prod-20261121T03%02d%02dZ", i / 60, i % 60);
        HomeSnapshot s = activities.snapshotHome(HomeRequest.of("files", "prod", id));
        double ms = Duration.between(s.freezeStartedAt(), s.freezeEndedAt()).toNanos() / 1e6;
        activities.deleteHomeSnapshot(new HomeRequest("files", "prod", id, s.artifacts()));
        if (i >= 2) { // the first rounds warm up the JVM and the filesystem
          shell.add(bareMs);
          runbook.add(ms);
        }
      }
    } finally {
      env.close();
    }
    double a = median(shell);
    double b = median(runbook);
    System.out.printf(Locale.ROOT, "(a) freeze window, %d rounds: bare shell median %.1f ms (min %.1f, max %.1f); "
            + "runbook command provider median %.1f ms (min %.1f, max %.1f); ratio %.2f (goal <= 1.5)%n",
        shell.size(), a, min(shell), max(shell), b, min(runbook), max(runbook), b / a);
  }

  static void orchestration(LoopFilesystems fs, int rounds) throws Exception {
    Path btrfs = fs.btrfs("pool", 512);
    Path home = fs.subvolume(btrfs.resolve("home"));
    fill(home, 16);
    Files.createDirectories(btrfs.resolve(".snapshots"));
    Path backups = Files.createDirectories(fs.dir().resolve("backups"));
    try (PostgresFixture pg = PostgresFixture.start(); BitbucketSimulator bb = BitbucketSimulator.builder().admin("a", "b").start()) {
      pg.createDatabase("bitbucket");
      pg.psql("bitbucket", "CREATE TABLE t (id int, v text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 50000) g");
      Path pgPassword = fs.dir().resolve("pg-password");
      Files.writeString(pgPassword, pg.password());
      Path bbPassword = fs.dir().resolve("bb-password");
      Files.writeString(bbPassword, "b");
      Path config = fs.dir().resolve("backup.yaml");
      Files.writeString(config, """
          hosts: [{name: local, mode: local}]
          instances:
            - name: prod
              bitbucket: {baseUrl: '%s', username: a, password: 'file:%s'}
              nodes: [{name: node1, host: local}]
              home: {host: local, mounts: [%s], snapshot: {provider: btrfs}}
              database: {provider: postgresql, host: local, port: %d, name: bitbucket, user: postgres, password: 'file:%s', backupRoot: %s}
              retention: {keep: 100}
          """.formatted(bb.baseUrl(), bbPassword, home, pg.port(), pgPassword, backups));
      try (LocalStack stack = LocalStack.start(null, DevServerOptions.ephemeral(fs.dir().resolve("temporal.log")), new ConfigSource(config),
          Catalog.open(CatalogLocation.sqlite(fs.dir().resolve("catalog.db")), new Secrets(Map.of())), new Secrets(Map.of()))) {
        List<Double> wall = new ArrayList<>();
        List<Double> commands = new ArrayList<>();
        for (int i = 0; i < rounds + 1; i++) {
          Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20); // a fresh second: no waiting for a free restore point id
          BackupWorkflow w = stack.client().newWorkflowStub(BackupWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).build());
          CommandTimes.record();
          long start = System.nanoTime();
          w.backup(new BackupInput("prod", null, "benchmark"));
          long took = System.nanoTime() - start;
          long ran = CommandTimes.stop();
          if (i >= 1) {
            wall.add(took / 1e6);
            commands.add(ran / 1e6);
          }
        }
        List<Double> overhead = new ArrayList<>();
        for (int i = 0; i < wall.size(); i++) {
          overhead.add(wall.get(i) - commands.get(i));
        }
        System.out.printf(Locale.ROOT, "(b) backup (btrfs home, pg_dump of 50000 rows) on the embedded server, %d rounds: "
                + "wall median %.0f ms, commands running median %.0f ms, orchestration overhead median %.0f ms "
                + "(min %.0f, max %.0f) (goal <= 1000 ms)%n",
            wall.size(), median(wall), median(commands), median(overhead), min(overhead), max(overhead));
      }
    }
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

  static Path script(Path dir, String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
  }

  static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
