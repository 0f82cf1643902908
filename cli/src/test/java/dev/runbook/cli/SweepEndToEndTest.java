package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.catalog.RunQuery;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.testkit.internal.Processes;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import dev.runbook.worker.LocalStack;
import dev.runbook.worker.schedules.SweepSchedule;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `runbook sweep` end to end: backups terminated on Temporal's real server in the middle of pg_dump
 * (one of them holding Bitbucket's maintenance lock), a run past Temporal's retention, a home left
 * frozen, and homes and databases restores kept aside; btrfs and ext4 on loop devices, a real
 * PostgreSQL, the Bitbucket simulator.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SweepEndToEndTest {
  static LoopFilesystems fs;
  static PostgresFixture pg;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static Catalog catalog;
  static Path dir;
  static Path btrfs;
  static Path frozenHome;
  static Path config;

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    assumeTrue(why == null, "sweep end-to-end tests skipped: " + why);
    fs = LoopFilesystems.create();
    dir = fs.dir();
    btrfs = fs.btrfs("data", 400);
    Files.createDirectories(btrfs.resolve(".snapshots"));
    Files.createDirectories(btrfs.resolve("copies"));
    Files.createDirectories(dir.resolve("backups"));
    fs.subvolume(btrfs.resolve("mesh")); // the home of instance frozen's Mesh node
    for (String home : List.of("bitbucket", "locked")) {
      fs.subvolume(btrfs.resolve(home));
      Files.writeString(btrfs.resolve(home).resolve("repositories.txt"), home);
    }
    frozenHome = fs.ext4(dir.resolve("frozen.img"), "frozen-home", 32);
    pg = PostgresFixture.start();
    for (String db : List.of("bitbucket", "locked")) {
      pg.createDatabase(db);
      pg.psql(db, "CREATE TABLE repo (id int); INSERT INTO repo SELECT generate_series(1, 1000)");
    }
    Path password = TestFiles.secret(dir, "pg-password", pg.password() + "\n");
    Path snapshot = TestFiles.script(dir, "snapshot.sh", "true");
    bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
    Path bbPassword = TestFiles.secret(dir, "bb-password", "simulated");
    config = dir.resolve("runbook.yaml");
    String database = "{provider: postgresql, host: local, port: %d, name: %s, user: postgres, password: 'file:%s', backupRoot: %s}";
    Files.writeString(config, """
        hosts: [{name: local, mode: local}]
        instances:
          - name: bitbucket
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s/bitbucket], snapshot: {provider: btrfs, snapshotDir: %3$s/.snapshots}}
            database: %4$s
            restore: {keepAside: 1d}
          - name: locked
            mode: locked
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s/locked], snapshot: {provider: rsync, target: %3$s/copies}}
            database: %5$s
          - name: frozen
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%6$s], snapshot: {provider: command, snapshot: %7$s, freeze: true, maxFreeze: 5s}}
            database: {provider: postgresql-fslevel, host: local, dataDirectory: %6$s/postgresql}
            mesh:
              - name: mesh-1
                host: local
                home: {mounts: [%3$s/mesh], snapshot: {provider: btrfs, snapshotDir: %3$s/.snapshots}}
                services: {provider: command, stop: %7$s, start: %7$s, status: %7$s}
        """.formatted(bitbucket.baseUrl(), bbPassword, btrfs,
        database.formatted(pg.port(), "bitbucket", password, dir.resolve("backups")),
        database.formatted(pg.port(), "locked", password, dir.resolve("backups")), frozenHome, snapshot));
    Path catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
    catalog = Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (frozenHome != null) {
      new ProcessBuilder("fsfreeze", "--unfreeze", frozenHome.toString()).start().waitFor();
    }
    if (pg != null) {
      releaseTableLocks();
    }
    TestStacks.closeAll(stack, bitbucket, pg, fs);
  }

  static Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  @Test
  @Order(1)
  void afterBackupsTerminatedMidDumpTheSweepLeavesNothingBehind() throws Exception {
    // pg_dump waits for these locks, so both backups are caught in the middle of their dump.
    Process lockBitbucket = holdTableLock("bitbucket");
    Process lockLocked = holdTableLock("locked");
    CompletableFuture<Cli> zeroDowntime = CompletableFuture.supplyAsync(() -> runbook("backup", "--instance", "bitbucket"));
    CompletableFuture<Cli> locked = CompletableFuture.supplyAsync(() -> runbook("backup", "--instance", "locked"));
    await("both dumps wait for their table lock", () -> dumpsRunning() == 2);
    await("the zero-downtime backup took its snapshot", () -> snapshots().size() == 1);
    assertThat(bitbucket.maintenance().locked()).as("the locked-mode backup holds Bitbucket's lock").isTrue();

    List<WorkflowExecutionMetadata> backups = stack.client()
        .listExecutions("WorkflowType = 'Backup' AND ExecutionStatus = 'Running'").toList();
    assertThat(backups).hasSize(2);
    for (WorkflowExecutionMetadata run : backups) {
      stack.client().newUntypedWorkflowStub(run.getExecution().getWorkflowId(), Optional.of(run.getExecution().getRunId()),
          Optional.empty()).terminate("operator: dump stuck on a lock");
    }
    assertThat(zeroDowntime.get().exit()).as(zeroDowntime.get().all()).isNotZero();
    assertThat(locked.get().exit()).as(locked.get().all()).isNotZero();
    // The agent kills pg_dump when its heartbeat learns the run is gone; only then may the dumps go on.
    await("the orphaned dumps were killed", () -> dumpsRunning() == 0);
    lockBitbucket.destroy();
    lockLocked.destroy();
    releaseTableLocks();

    String bitbucketPoint = creating("bitbucket");
    String lockedPoint = creating("locked");
    assertThat(dir.resolve("backups").resolve(bitbucketPoint)).exists();
    assertThat(btrfs.resolve(".snapshots").resolve(bitbucketPoint)).exists();
    assertThat(catalog.leases()).hasSize(2);
    assertThat(catalog.heldLocks()).singleElement().satisfies(l -> assertThat(l.instance()).isEqualTo("locked"));
    assertThat(bitbucket.maintenance().locked()).isTrue();
    // A run the catalog kept beyond Temporal's retention: Temporal no longer knows it.
    catalog.runStarted(new RunStarted("00000000-0000-0000-0000-00000000dead", "backup-bitbucket-long-ago", "backup",
        "bitbucket", Trigger.CLI, "alice", "{}", Instant.now().minusSeconds(90 * 86400)));

    Cli sweep = runbook("sweep");
    assertThat(sweep.exit()).as(sweep.all()).isZero();
    assertThat(sweep.out())
        .containsPattern("lock\\s+locked\\s+DONE\\s+maintenance lock taken by run .*TERMINATED.*Bitbucket is unlocked")
        .containsPattern("restore-point\\s+" + bitbucketPoint + "\\s+DONE\\s+CREATING; .*home snapshot and database dump deleted")
        .containsPattern("restore-point\\s+" + lockedPoint + "\\s+DONE")
        .containsPattern("lease\\s+bitbucket\\s+DONE\\s+held by backup run")
        .containsPattern("lease\\s+locked\\s+DONE")
        .containsPattern("run\\s+00000000-0000-0000-0000-00000000dead\\s+DONE\\s+.*NOT_FOUND")
        .contains("Nothing left behind: 8 repaired.");

    assertThat(bitbucket.maintenance().locked()).as("Bitbucket unlocked with the stored token").isFalse();
    assertThat(bitbucket.maintenance().events()).endsWith("unlock");
    assertThat(catalog.heldLocks()).isEmpty();
    assertThat(catalog.leases()).isEmpty();
    assertThat(btrfs.resolve(".snapshots").resolve(bitbucketPoint)).doesNotExist();
    assertThat(dir.resolve("backups").resolve(bitbucketPoint)).doesNotExist();
    assertThat(dir.resolve("backups").resolve(lockedPoint)).doesNotExist();
    assertThat(btrfs.resolve("copies").resolve(lockedPoint)).doesNotExist();
    for (String instance : List.of("bitbucket", "locked")) {
      RestorePointView point = catalog.restorePoints(new RestorePointQuery(instance, List.of())).get(0);
      assertThat(point.status()).isEqualTo(RestorePointStatus.FAILED);
      assertThat(point.detail()).contains("ended without finishing it", "TERMINATED", "operator: dump stuck on a lock");
      RunRecord run = catalog.run(point.runId()).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.summary()).contains("closed by runbook sweep", "TERMINATED", "reason: operator: dump stuck on a lock");
      assertThat(run.endedAt()).isNotNull();
    }
    assertThat(catalog.run("00000000-0000-0000-0000-00000000dead").orElseThrow().summary()).contains("NOT_FOUND");

    Cli again = runbook("sweep");
    assertThat(again.exit()).as(again.all()).isZero();
    assertThat(again.out()).contains("Nothing left behind.");
    Cli backup = runbook("backup", "--instance", "locked");
    assertThat(backup.exit()).as("the instance and Bitbucket are free again: " + backup.all()).isZero();
  }

  @Test
  @Order(2)
  void aHomeLeftFrozenIsThawed() throws Exception {
    new ProcessBuilder("fsfreeze", "--freeze", frozenHome.toString()).inheritIO().start().waitFor();
    assertThat(LoopFilesystems.writable(frozenHome, 500)).isFalse();
    Cli sweep = runbook("sweep");
    assertThat(sweep.exit()).as(sweep.all()).isZero();
    assertThat(sweep.out()).containsPattern("frozen-home\\s+frozen\\s+DONE\\s+left frozen; thawed " + frozenHome);
    assertThat(LoopFilesystems.writable(frozenHome, 30_000)).isTrue();
    assertThat(runbook("sweep").out()).contains("Nothing left behind.");
  }

  @Test
  @Order(3)
  void keptAsideCopiesOlderThanKeepAsideAreListedThenDeletedWithApply() throws Exception {
    String recent = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path oldHome = fs.subvolume(btrfs.resolve("bitbucket.pre-restore-20200101000000"));
    Files.writeString(oldHome.resolve("repositories.txt"), "before the restore");
    Path recentHome = fs.subvolume(btrfs.resolve("bitbucket.pre-restore-" + recent));
    Path oldLockedHome = Files.createDirectories(btrfs.resolve("locked.pre-restore-20200101000000/1"));
    pg.createDatabase("bitbucket_pre_restore_20200101000000");
    pg.createDatabase("bitbucket_pre_restore_" + recent);
    Path unrelated = fs.subvolume(btrfs.resolve("bitbucket.old"));
    Path oldMeshHome = fs.subvolume(btrfs.resolve("mesh.pre-restore-20200101000000"));
    Path recentMeshHome = fs.subvolume(btrfs.resolve("mesh.pre-restore-" + recent));

    Cli listed = runbook("sweep");
    assertThat(listed.exit()).as(listed.all()).isEqualTo(1);
    assertThat(listed.out())
        .containsPattern("kept-home\\s+" + oldHome + "\\s+LISTED\\s+kept aside by a restore at 2020-01-01T00:00:00Z")
        .containsPattern("kept-home\\s+" + oldLockedHome.getParent() + "\\s+LISTED")
        .containsPattern("kept-database\\s+bitbucket_pre_restore_20200101000000\\s+LISTED")
        .containsPattern("kept-home\\s+" + oldMeshHome + "\\s+LISTED\\s+home of Mesh node mesh-1, kept aside by a restore at "
            + "2020-01-01T00:00:00Z on local")
        .contains("4 of 4 left; kept-aside copies are deleted with --apply.")
        .doesNotContain(recent, "bitbucket.old");
    assertThat(oldHome).exists();
    assertThat(databases()).contains("bitbucket_pre_restore_20200101000000");

    Cli applied = runbook("sweep", "--apply");
    assertThat(applied.exit()).as(applied.all()).isZero();
    assertThat(applied.out()).containsPattern("kept-home\\s+" + oldHome + "\\s+DONE\\s+.*; deleted")
        .containsPattern("kept-database\\s+bitbucket_pre_restore_20200101000000\\s+DONE")
        .containsPattern("kept-home\\s+" + oldMeshHome + "\\s+DONE\\s+home of Mesh node mesh-1, .*; deleted")
        .contains("Nothing left behind: 4 repaired.");
    assertThat(oldMeshHome).doesNotExist();
    assertThat(recentMeshHome).exists();
    assertThat(btrfs.resolve("mesh")).exists();
    assertThat(oldHome).doesNotExist();
    assertThat(oldLockedHome.getParent()).doesNotExist();
    assertThat(recentHome).exists();
    assertThat(unrelated).exists();
    assertThat(btrfs.resolve("bitbucket").resolve("repositories.txt")).hasContent("bitbucket");
    assertThat(databases()).doesNotContain("bitbucket_pre_restore_20200101000000")
        .contains("bitbucket_pre_restore_" + recent, "bitbucket", "locked");
  }

  @Test
  @Order(4)
  void aZeroKeepAsideIsRefusedNamingTheField() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(config).replace("keepAside: 1d", "keepAside: 0s"));
    Cli r = Cli.run("sweep", "-c", bad.toString(), "--temporal-target", stack.target().target());
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.all()).contains("instances[0].restore.keepAside", "must be longer than zero");
  }

  @Test
  @Order(5)
  void theControlWorkersScheduleStartsSweepsAndAnExistingOneIsLeftAsItIs() throws Exception {
    assertThat(SweepSchedule.ensure(stack.client())).contains("created");
    ScheduleClient schedules = ScheduleClient.newInstance(stack.client().getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder().setNamespace(stack.target().namespace()).build());
    ScheduleHandle handle = schedules.getHandle(SweepSchedule.ID);
    try {
      handle.pause("operator: not during the migration");
      assertThat(SweepSchedule.ensure(stack.client())).contains("exists");
      assertThat(handle.describe().getSchedule().getState().isPaused()).as("a restart keeps the operator's pause").isTrue();
      handle.unpause();
      new ProcessBuilder("fsfreeze", "--freeze", frozenHome.toString()).inheritIO().start().waitFor();
      handle.trigger();
      await("the scheduled sweep ran", () -> scheduledSweep().filter(r -> r.status() != RunStatus.RUNNING).isPresent());
      RunRecord run = scheduledSweep().orElseThrow();
      assertThat(run.status()).as(run.summary()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(run.summary()).isEqualTo("1 found, 1 repaired, 0 listed, 0 failed");
      assertThat(run.requestedBy()).isEqualTo("schedule " + SweepSchedule.ID);
      assertThat(LoopFilesystems.writable(frozenHome, 30_000)).as("the scheduled sweep thawed the home").isTrue();
      assertThat(catalog.steps(run.id())).extracting(s -> s.name()).noneMatch(n -> n.contains("kept aside"));
    } finally {
      handle.delete();
    }
  }

  @Test
  @Order(6)
  void theScratchCopiesOfAVerifyRunTerminatedMidCheckAreDeleted() throws Exception {
    // A repository whose commit object is a named pipe: git fsck blocks opening it, so the verify run is caught
    // with both scratch copies made, and is terminated there (a terminated run runs no cleanup).
    Path repo = btrfs.resolve("bitbucket/data/repositories/1");
    Path work = Files.createDirectories(dir.resolve("verify-work"));
    Processes.run(List.of("git", "init", "-q", "--bare", repo.toString()), dir, Map.of());
    Processes.run(List.of("git", "init", "-q"), work, Map.of());
    Files.writeString(work.resolve("README"), "verify me\n");
    Processes.run(List.of("git", "add", "README"), work, Map.of());
    Processes.run(List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one"), work, Map.of());
    Processes.run(List.of("git", "push", "-q", repo.toString(), "HEAD:refs/heads/main"), work, Map.of());
    String commit = Processes.run(List.of("git", "rev-parse", "HEAD"), work, Map.of()).strip();
    Path object = repo.resolve("objects").resolve(commit.substring(0, 2)).resolve(commit.substring(2));
    Files.delete(object);
    Processes.run(List.of("mkfifo", object.toString()), dir, Map.of());
    Cli backup = runbook("backup", "--instance", "bitbucket");
    assertThat(backup.exit()).as(backup.all()).isZero();
    String point = catalog.restorePoints(new RestorePointQuery("bitbucket", List.of(RestorePointStatus.COMPLETE))).get(0).id();

    CompletableFuture<Cli> verify = CompletableFuture.supplyAsync(() -> runbook("verify", "--instance", "bitbucket",
        "--point", point));
    await("git fsck blocks in the scratch clone", () -> !gitInScratch().isEmpty());
    WorkflowExecutionMetadata run = stack.client().listExecutions("WorkflowType = 'Verify' AND ExecutionStatus = 'Running'")
        .toList().get(0);
    stack.client().newUntypedWorkflowStub(run.getExecution().getWorkflowId(), Optional.of(run.getExecution().getRunId()),
        Optional.empty()).terminate("operator: fsck hangs");
    assertThat(verify.get().exit()).as(verify.get().all()).isNotZero();
    try {
      // The agent kills git when its heartbeat learns the run is gone.
      await("the orphaned git fsck was killed", () -> gitInScratch().isEmpty());
    } finally {
      gitInScratch().forEach(ProcessHandle::destroyForcibly);
    }
    String label = dev.runbook.workflows.verify.ScratchRequest.labelOf(run.getExecution().getRunId());
    Path scratchHome = btrfs.resolve(".snapshots").resolve(point + "." + label);
    assertThat(scratchHome).as("the terminated run left its scratch home").exists();
    assertThat(databases()).as("and its scratch database").contains("bitbucket_" + label);

    Cli sweep = runbook("sweep");

    assertThat(sweep.exit()).as(sweep.all()).isZero();
    assertThat(sweep.out()).containsPattern("verify-scratch\\s+" + label + "\\s+DONE\\s+verify run "
        + run.getExecution().getRunId() + " of " + point + " ended: .*TERMINATED.*scratch database and scratch home deleted");
    assertThat(scratchHome).doesNotExist();
    assertThat(databases()).doesNotContain("bitbucket_" + label).contains("bitbucket");
    assertThat(btrfs.resolve(".snapshots").resolve(point)).as("the restore point itself stays").exists();
    assertThat(catalog.verifications("bitbucket")).filteredOn(v -> v.runId().equals(run.getExecution().getRunId()))
        .singleElement().satisfies(v -> {
          assertThat(v.outcome()).isEqualTo("FAILED");
          assertThat(v.detail()).contains("ended without cleaning up", "TERMINATED", label);
        });
    assertThat(runbook("sweep").out()).contains("Nothing left behind.");
  }

  /** git processes working in a verify run's scratch clone of this test's snapshots. */
  private static List<ProcessHandle> gitInScratch() {
    String snapshots = btrfs.resolve(".snapshots").toString();
    return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("fsck")
        && c.contains(snapshots) && c.contains(".verify_")).orElse(false)).toList();
  }

  private static Optional<RunRecord> scheduledSweep() {
    try {
      return catalog.runs(new RunQuery(null, "sweep", 100)).stream().filter(r -> r.trigger().equals("schedule")).findFirst();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> databases() {
    return pg.psql("postgres", "SELECT datname FROM pg_database").lines().toList();
  }

  private static String creating(String instance) throws Exception {
    List<RestorePointView> points = catalog.restorePoints(new RestorePointQuery(instance, List.of(RestorePointStatus.CREATING)));
    assertThat(points).hasSize(1);
    return points.get(0).id();
  }

  private static List<Path> snapshots() {
    try (var s = Files.list(btrfs.resolve(".snapshots"))) {
      return s.toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A session holding an exclusive lock on {@code db}'s table until it is terminated. */
  private static Process holdTableLock(String db) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(pg.binDir().resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1", "-p",
        Integer.toString(pg.port()), "-U", pg.user(), "-d", db, "-c",
        "BEGIN; LOCK TABLE repo IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600);");
    pb.environment().put("PGPASSWORD", pg.password());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("lock-" + db + ".log").toFile());
    Process p = pb.start();
    await("the lock on " + db + " is held", () -> "1".equals(pg.psql(db,
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'repo'"
            + " AND l.mode = 'AccessExclusiveLock' AND l.granted")));
    return p;
  }

  private static void releaseTableLocks() {
    pg.psql("postgres", "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%'"
        + " AND pid <> pg_backend_pid()");
  }

  /** pg_dump processes on this machine dumping into this test's backup directory. */
  private static long dumpsRunning() {
    String root = dir.resolve("backups").toString();
    return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/pg_dump")).orElse(false)
        && p.info().commandLine().map(c -> c.contains(root)).orElse(false)).count();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 120 s for: " + what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
