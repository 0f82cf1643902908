package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.Pids;
import dev.runbook.workflows.run.RunIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs survive the death of the processes around them, on Temporal's real server with every part in its own
 * JVM: the control worker killed during a host step and during an approval wait, Temporal's server killed
 * mid-backup and started again on its store, and {@code runbook up} stopped and killed. What is checked is
 * what an operator sees afterwards: the catalog's run and steps, the restore point, the instance free again,
 * and the runs Temporal still lists. (An agent killed during its step is {@code HostStepsEndToEndTest}'s and
 * {@code FreezeWatchdogEndToEndTest}'s.)
 */
class DurabilityEndToEndTest {
  /** Long enough for a kill and a new JVM to happen while the step runs; only the step's own length. */
  static final int SLOW_SECONDS = 6;
  static final Duration RUN_LIMIT = Duration.ofMinutes(3);
  static final Pattern RUN_ID = Pattern.compile("started: run ([0-9a-f-]{36})");

  static LoopFilesystems fs;
  static SimulatedBitbucket bitbucket;
  static Path dir;
  static Path config;

  @BeforeAll
  static void start() throws Exception {
    fs = TestStacks.loopFilesystems("durability end-to-end tests skipped (the home is a tmpfs mount point)");
    dir = fs.dir();
    // The snapshot marks when it starts and ends, and takes as long as its instance's delay file says.
    Path snapshot = TestFiles.script(dir, "snapshot.sh", """
        touch %1$s/$RUNBOOK_INSTANCE.started
        sleep "$(cat %1$s/$RUNBOOK_INSTANCE.delay 2>/dev/null || echo 0)"
        touch %1$s/$RUNBOOK_INSTANCE.ended""".formatted(dir));
    Path restore = TestFiles.script(dir, "restore.sh", "echo \"$RUNBOOK_ACTION $RUNBOOK_INSTANCE\" >> " + dir + "/restore.log");
    bitbucket = SimulatedBitbucket.start(dir);
    String services = bitbucket.services(Duration.ofMillis(300), null);
    String instance = """
          - name: %1$s
            bitbucket: %2$s
            nodes: [{name: node1, host: %3$s}]
            home: {host: %3$s, mounts: [%4$s], snapshot: {provider: command, snapshot: %5$s, restore: %6$s}}
            database: {provider: postgresql-fslevel, host: %3$s, dataDirectory: %4$s/postgresql}
            services: %7$s
            restore: {stopTimeout: 30s, startTimeout: 30s}
        """;
    StringBuilder yaml = new StringBuilder("hosts: [{name: files, mode: agent}, {name: local, mode: local}]\ninstances:\n");
    for (String name : List.of("crash", "approval", "restart", "up")) {
      String host = name.equals("up") ? "local" : "files";
      // Each instance its own home: two instances on one home are refused (they would restore over each other).
      Path home = fs.tmpfs("home-" + name);
      yaml.append(instance.formatted(name, bitbucket.yaml(), host, home, snapshot, restore, services));
    }
    // Locked mode: the maintenance lock is taken by the control worker.
    yaml.append(instance.formatted("locking", bitbucket.yaml(), "files", fs.tmpfs("home-locking"), snapshot, restore,
            services))
        .append("    mode: locked\n");
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, yaml);
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(bitbucket, fs);
  }

  @Test
  void aControlWorkerKilledDuringAHostStepIsReplacedAndTheRunCompletes(@TempDir Path tmp) throws Exception {
    try (SeparateProcesses p = new SeparateProcesses(config, "files", tmp)) {
      Background backup = slowBackup("crash", p.target);

      p.worker.kill();
      assertThat(dir.resolve("crash.ended")).as("the snapshot still ran on the agent when the worker died").doesNotExist();
      p.worker = p.startWorker();

      assertThat(backup.exit(RUN_LIMIT)).as(backup.all()).isZero();
      assertThat(backup.out()).contains("crash: restore point crash-");
      assertSucceededWithEveryStepOk(runId(backup.out()), p.catalog);
      Cli points = Cli.run("restore", "list", "--instance", "crash", "--catalog", p.catalog.toString());
      assertThat(points.out()).containsPattern("crash-\\d{8}T\\d{6}Z\\s+\\S.*COMPLETE");
      Files.writeString(dir.resolve("crash.delay"), "0");
      Cli again = Cli.run(TestFiles.withConfig(config, p.target, "backup", "--instance", "crash"));
      assertThat(again.exit()).as("the dead worker's run released the instance: " + again.all()).isZero();
    }
  }

  @Test
  void aControlWorkerKilledWhileTakingTheMaintenanceLockLeavesNoLockBehind(@TempDir Path tmp) throws Exception {
    try (SeparateProcesses p = new SeparateProcesses(config, "files", tmp)) {
      // Bitbucket has given the unlock token; the worker dies while the external backup's start is unanswered.
      bitbucket.simulator.maintenance().holdBackupStart(true);
      Background backup = Background.start("started: run", TestFiles.withConfig(config, p.target, "backup", "--instance",
          "locking", "--follow"));
      long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
      while (bitbucket.simulator.maintenance().backupStarts() == 0) {
        assertThat(System.nanoTime()).as("the backup never asked to start Bitbucket's backup: " + backup.all())
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(bitbucket.simulator.maintenance().locked()).isTrue();

      p.worker.kill();
      bitbucket.simulator.maintenance().holdBackupStart(false);
      p.worker = p.startWorker();

      assertThat(backup.exit(RUN_LIMIT)).as(backup.all()).isZero();
      // The retry went on with the lock the dead attempt took: no second lock, and it was released.
      assertThat(bitbucket.simulator.maintenance().events()).containsOnlyOnce("lock").endsWith("unlock");
      assertThat(bitbucket.simulator.maintenance().locked()).isFalse();
      assertThat(backup.out()).containsPattern("ok\\s+take maintenance lock").containsPattern("ok\\s+release maintenance lock");
      assertSucceededWithEveryStepOk(runId(backup.out()), p.catalog);
    }
  }

  @Test
  void aControlWorkerKilledWhileARestoreWaitsForApprovalTakesTheApprovalWhenBack(@TempDir Path tmp) throws Exception {
    try (SeparateProcesses p = new SeparateProcesses(config, "files", tmp)) {
      Cli backup = Cli.run(TestFiles.withConfig(config, p.target, "backup", "--instance", "approval"));
      assertThat(backup.exit()).as(backup.all()).isZero();
      Background restore = Background.start("started: run",
          TestFiles.withConfig(config, p.target, "restore", "--instance", "approval"));
      String waiting = awaitOutput(restore, Pattern.compile("waiting: runbook approve ([0-9a-f]{8})"));

      p.worker.kill();
      p.worker = p.startWorker();
      Cli approve = Cli.run("approve", waiting, "--as", "bob", "--reason", "after the worker crash", "--catalog",
          p.catalog.toString(), "--temporal-target", p.target);
      assertThat(approve.exit()).as(approve.all()).isZero();

      assertThat(restore.exit(RUN_LIMIT)).as(restore.all()).isZero();
      assertThat(restore.out()).contains("approval: restored to approval-", "(approved by bob: after the worker crash)");
      Cli show = assertSucceededWithEveryStepOk(waiting, p.catalog);
      assertThat(show.out()).contains("approval   APPROVED by bob: after the worker crash");
      assertThat(Files.readAllLines(dir.resolve("restore.log"))).containsExactly("restore approval");
    }
  }

  @Test
  void temporalsServerKilledMidBackupAndStartedAgainOnItsStoreLosesNoRun(@TempDir Path tmp) throws Exception {
    try (SeparateProcesses p = new SeparateProcesses(config, "files", tmp)) {
      Cli first = Cli.run(TestFiles.withConfig(config, p.target, "backup", "--instance", "restart"));
      assertThat(first.exit()).as(first.all()).isZero();
      Background second = slowBackup("restart", p.target);
      long temporal = temporalPid(p.server);

      p.server.kill();
      assertThat(Pids.stops(temporal, 10_000)).as("Temporal's server outlived the killed `runbook server`").isTrue();
      assertThat(ServerProcesses.awaitNoneServing(p.store, 10_000)).as("servers left on the store").isEmpty();
      p.server = p.startServer();

      String secondRun = runId(second.out());
      assertThat(awaitEnded(secondRun, p.catalog)).contains("status     SUCCEEDED");
      assertSucceededWithEveryStepOk(secondRun, p.catalog);
      String firstRun = runId(first.out());
      Cli history = Cli.run("history", "--catalog", p.catalog.toString());
      assertThat(history.out()).containsPattern(RunIds.shortId(firstRun) + "\\s+backup\\s+restart\\s+SUCCEEDED")
          .containsPattern(RunIds.shortId(secondRun) + "\\s+backup\\s+restart\\s+SUCCEEDED");
      assertThat(ServerProcesses.backupRunsListed(p.target)).as("runs Temporal still lists").contains(firstRun, secondRun);
      assertThat(second.exit(RUN_LIMIT)).as("the CLI that waited through the restart: " + second.all()).isZero();
      assertThat(second.out()).contains("restart: restore point restart-");
    }
  }

  @Test
  void upStoppedOrKilledComesBackOnItsStoreWithItsRuns(@TempDir Path tmp) throws Exception {
    String target = "127.0.0.1:" + ServerProcesses.freePort();
    Path store = tmp.resolve("temporal.db");
    Path catalog = tmp.resolve("catalog.db");
    RunbookProcess up = null;
    RunbookProcess again = null;
    RunbookProcess third = null;
    try {
      up = up(store, target, catalog);
      Cli backup = Cli.run(TestFiles.withConfig(config, target, "backup", "--instance", "up"));
      assertThat(backup.exit()).as(backup.all()).isZero();
      String run = runId(backup.out());
      long temporal = temporalPid(up);

      // 143 is how a JVM ends on SIGTERM once its shutdown hooks (here: stop the workers, then the server) ran.
      assertThat(up.terminate()).as(up.output()).isEqualTo(143);
      assertThat(Pids.running(temporal)).as("Temporal's server after `runbook up` stopped: " + up.output()).isFalse();
      again = up(store, target, catalog);
      Cli history = Cli.run("history", "--catalog", catalog.toString());
      assertThat(history.out()).containsPattern(RunIds.shortId(run) + "\\s+backup\\s+up\\s+SUCCEEDED");
      assertThat(ServerProcesses.backupRunsListed(target)).as("runs Temporal still lists").contains(run);

      long temporalAgain = temporalPid(again);
      again.kill();
      assertThat(Pids.stops(temporalAgain, 10_000)).as("Temporal's server outlived the killed `runbook up`").isTrue();
      assertThat(ServerProcesses.awaitNoneServing(store, 10_000)).as("servers left on the store").isEmpty();
      third = up(store, target, catalog);
      assertThat(ServerProcesses.backupRunsListed(target)).contains(run);
    } finally {
      TestStacks.closeAll(third, again, up);
    }
  }

  static RunbookProcess up(Path store, String target, Path catalog) throws Exception {
    return RunbookProcess.start("ready; in another terminal", "up", "-c", config.toString(), "--port", port(target), "--headless",
        "--store", store.toString(), "--catalog", catalog.toString());
  }

  static String port(String target) {
    return target.substring(target.lastIndexOf(':') + 1);
  }

  /** The pid of Temporal's server as `runbook server` or `runbook up` announced it. */
  static long temporalPid(RunbookProcess p) {
    Matcher m = Pattern.compile("; pid (\\d+)\\)").matcher(p.output());
    assertThat(m.find()).as(p.output()).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Starts a backup of {@code instance} whose snapshot takes {@link #SLOW_SECONDS}, and returns once it runs. */
  static Background slowBackup(String instance, String target) throws Exception {
    Files.writeString(dir.resolve(instance + ".delay"), Integer.toString(SLOW_SECONDS));
    Files.deleteIfExists(dir.resolve(instance + ".started"));
    Files.deleteIfExists(dir.resolve(instance + ".ended"));
    Background backup = Background.start("started: run", TestFiles.withConfig(config, target, "backup", "--instance", instance));
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    while (!Files.exists(dir.resolve(instance + ".started"))) {
      assertThat(System.nanoTime()).as("the snapshot never started: " + backup.all()).isLessThan(deadline);
      Thread.sleep(50);
    }
    return backup;
  }

  static String awaitOutput(Background b, Pattern p) throws Exception {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    Matcher m = p.matcher("");
    while (!m.reset(b.out()).find()) {
      assertThat(System.nanoTime()).as("never printed " + p + ": " + b.all()).isLessThan(deadline);
      Thread.sleep(100);
    }
    return m.group(1);
  }

  static String runId(String out) {
    Matcher m = RUN_ID.matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  /** Waits until the catalog records {@code run} as ended, and returns what `runbook show` says then. */
  static String awaitEnded(String run, Path catalog) throws Exception {
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    Cli show = Cli.run("show", run, "--catalog", catalog.toString());
    while (show.out().contains("still running")) {
      assertThat(System.nanoTime()).as("the run never ended: " + show.out()).isLessThan(deadline);
      Thread.sleep(500);
      show = Cli.run("show", run, "--catalog", catalog.toString());
    }
    return show.out();
  }

  /** `runbook show` of {@code run}: SUCCEEDED, and every recorded step ok (none left running or failed). */
  static Cli assertSucceededWithEveryStepOk(String run, Path catalog) {
    Cli show = Cli.run("show", run, "--catalog", catalog.toString());
    assertThat(show.exit()).as(show.all()).isZero();
    assertThat(show.out()).contains("status     SUCCEEDED");
    List<String> outcomes = show.out().lines().dropWhile(l -> !l.startsWith("steps:")).skip(2)
        .map(l -> l.strip().split("\\s{2,}")[3]).toList();
    assertThat(outcomes).as(show.out()).isNotEmpty().allMatch("ok"::equals);
    return show;
  }
}
