package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.BitbucketSimulator.ApplicationState;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.LocalStack;
import dev.runbook.worker.metrics.MetricsEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `runbook restore` end to end: btrfs home and PostgreSQL for real; the service scripts stop and
 * start the simulated Bitbucket, so the waits on /status are real; approval by a second person.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreEndToEndTest {
  static BtrfsHomeScenario scenario;
  static LoopFilesystems fs;
  static PostgresFixture pg;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static Path dir;
  static Path home;
  static Path imageHome;
  static Path image;
  static Path config;
  static Path catalogFile;
  static Path serviceLog;
  static Path state;
  static String point;
  static String approvedRun;
  static MetricsEndpoint metrics;

  @BeforeAll
  static void start() throws Exception {
    scenario = BtrfsHomeScenario.start("restore end-to-end tests skipped", 400);
    fs = scenario.fs;
    dir = scenario.dir;
    pg = scenario.pg;
    bitbucket = scenario.bitbucket.simulator;
    home = scenario.home;
    Path btrfs = scenario.btrfs;
    Files.createDirectories(btrfs.resolve("images"));
    Path repo = Files.createDirectories(home.resolve("data/repositories/1/refs/heads"));
    Files.writeString(home.resolve("data/repositories/1/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(home.resolve("data/repositories/1/index.lock"), "");   // captured mid-write
    Files.writeString(repo.resolve("x.lock"), "");
    Files.writeString(home.resolve("notes.txt"), "at backup time");
    Files.writeString(home.resolve("bitbucket.properties"), "jdbc.url=jdbc:postgresql://127.0.0.1/bitbucket\n");
    image = btrfs.resolve("home.img");
    imageHome = fs.ext4(image, "image-home", 32);
    Files.writeString(imageHome.resolve("notes.txt"), "image at backup time");
    pg.psql("bitbucket", "CREATE TABLE repo (id int); INSERT INTO repo SELECT generate_series(1, 3000)");
    state = dir.resolve("service-state");
    serviceLog = dir.resolve("services.log");
    String services = scenario.bitbucket.services(Duration.ofMillis(800), serviceLog);
    Path snapshot = script("snapshot.sh", "cp --reflink=always " + image + " " + btrfs + "/images/$RUNBOOK_BACKUP_ID.img\n"
        + "echo " + btrfs + "/images/$RUNBOOK_BACKUP_ID.img");
    Path restore = script("restore.sh", """
        img=%s
        kept="$img.pre-restore-$RUNBOOK_KEEP_STAMP"
        umount "$RUNBOOK_MOUNT"
        if [ "$RUNBOOK_ACTION" = restore ]; then
          [ -e "$kept" ] || mv "$img" "$kept"
          cp --reflink=always "$RUNBOOK_LOCATION" "$img"
        else
          [ -e "$kept" ] && mv -f "$kept" "$img"
        fi
        mount -o loop "$img" "$RUNBOOK_MOUNT"
        """.formatted(image));
    config = scenario.config;
    catalogFile = scenario.catalogFile;
    metrics = MetricsEndpoint.start("127.0.0.1", 0, "test");
    scenario.startStack("""
        hosts: [{name: local, mode: local}]
        instances:
        %1$s
            services: %2$s
            restore: {integrityCheck: true, stopTimeout: 30s, startTimeout: 60s}
            rpo: 1h
            verifyEvery: 7d
          - name: images
            bitbucket: %3$s
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%4$s], snapshot: {provider: command, snapshot: %5$s, restore: %6$s, freeze: true}}
            database: {provider: postgresql-fslevel, host: local, dataDirectory: %4$s/postgresql}
            services: %2$s
            restore: {requireApproval: false, stopTimeout: 30s, startTimeout: 60s}
        schedules:
          - {name: nightly, runbook: backup, instance: prod, every: 24h, paused: true}
        """.formatted(scenario.prodInstance(), services, scenario.bitbucket.yaml(), imageHome, snapshot, restore), metrics);
    stack = scenario.stack;
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(scenario);
  }

  static Path script(String name, String body) throws Exception {
    return TestFiles.script(dir, name, body);
  }

  static String[] args(String... args) {
    return scenario.args(args);
  }

  static Cli runbook(String... a) {
    return Cli.run(args(a));
  }

  /** Starts a restore and, once it asks for approval, answers with {@code decide} (approve/reject as bob). */
  static Cli restoreDecidedBy(String decide, String... a) throws Exception {
    return restoreDecidedBy(decide, printed -> { }, a);
  }

  /** What a test does while the restore waits for approval, given what the restore printed so far. */
  interface WhileWaiting {
    void accept(String printed) throws Exception;
  }

  /** As {@link #restoreDecidedBy(String, String...)}, doing {@code meanwhile} before the decision. */
  static Cli restoreDecidedBy(String decide, WhileWaiting meanwhile, String... a) throws Exception {
    return RestoreDecision.run(args(a), catalogFile, stack.target().target(), decide, meanwhile::accept);
  }

  static AuditChecks audit() {
    return new AuditChecks(catalogFile, config, stack.target().target(), metrics);
  }

  /** Backs {@code prod} up, which must succeed, and returns the restore point's id. */
  static String backupProd() {
    Cli backup = runbook("backup", "--instance", "prod");
    assertThat(backup.exit()).as(backup.all()).isZero();
    Matcher m = Pattern.compile("restore point (prod-\\d{8}T\\d{6}Z)").matcher(backup.out());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  static int rows() {
    return Integer.parseInt(pg.psql("bitbucket", "SELECT count(*) FROM repo"));
  }

  @Test
  @Order(1)
  void backupThenChangeEverything() throws Exception {
    point = backupProd();
    pg.psql("bitbucket", "DELETE FROM repo WHERE id > 100");
    Files.writeString(home.resolve("notes.txt"), "changed after the backup");
    Cli list = Cli.run("restore", "list", "--instance", "prod", "--catalog", catalogFile.toString());
    assertThat(list.out()).containsPattern(Pattern.quote(point) + "\\s+\\S.*COMPLETE\\s+1 snapshot\\(s\\)");
  }

  @Test
  @Order(2)
  void planOnlyShowsThePlanAndChangesNothing() {
    Cli r = runbook("restore", "--instance", "prod", "--plan-only", "--replace-database");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("plan for prod: restore point " + point, "stop Bitbucket's services on node1 on local",
        "home: move " + home + " aside to " + home + ".pre-restore-",
        "database: terminate the connections to bitbucket and keep it as bitbucket_pre_restore_",
        "set disaster.recovery=true", "prod: plan only, nothing was changed");
    assertThat(rows()).isEqualTo(100);
  }

  @Test
  @Order(3)
  void anExistingDatabaseWithoutReplaceIsRefusedWithExit2() {
    Cli r = runbook("restore", "--instance", "prod");
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).contains("database bitbucket of prod exists and a restore never writes over it");
  }

  @Test
  @Order(4)
  void whileARestoreWaitsForApprovalServicesStartIsRefusedAndTheScheduledBackupIsSkipped() throws Exception {
    Cli apply = runbook("schedules", "apply");
    assertThat(apply.exit()).as(apply.all()).isZero();
    Cli r = restoreDecidedBy("reject", printed -> {
      Matcher started = Pattern.compile("restore of prod started: run ([0-9a-f-]{36})").matcher(printed);
      assertThat(started.find()).as(printed).isTrue();
      String restoreRun = started.group(1);

      Cli start = runbook("services", "start", "--instance", "prod");
      assertThat(start.exit()).as(start.all()).isEqualTo(3);
      assertThat(start.out()).contains("prod: services start: FAILED: instance prod is busy: restore run " + restoreRun)
          .contains("waits for approval");
      assertThat(serviceLog).as("no service script ran").doesNotExist();

      Cli trigger = runbook("schedules", "trigger", "nightly");
      assertThat(trigger.exit()).as(trigger.all()).isZero();
      long deadline = System.nanoTime() + 120_000_000_000L;
      Cli history;
      while (!(history = Cli.run("history", "--runbook", "backup", "--limit", "1", "--catalog", catalogFile.toString()))
          .out().contains("schedule")) {
        assertThat(System.nanoTime()).as("the scheduled backup never ran: " + history.all()).isLessThan(deadline);
        Thread.sleep(200);
      }
      while (history.out().contains("RUNNING")) {
        assertThat(System.nanoTime()).as("the scheduled backup never ended: " + history.all()).isLessThan(deadline);
        Thread.sleep(200);
        history = Cli.run("history", "--runbook", "backup", "--limit", "1", "--catalog", catalogFile.toString());
      }
      assertThat(history.out()).containsPattern("backup\\s+prod\\s+SKIPPED\\s.*schedule\\s+schedule runbook-nightly\\s+"
          + "skipped, nothing done: instance prod is busy: restore run " + Pattern.quote(restoreRun));
      Matcher skipped = Pattern.compile("(?m)^([0-9a-f]{8})\\s+backup").matcher(history.out());
      assertThat(skipped.find()).isTrue();
      Cli show = Cli.run("show", skipped.group(1), "--catalog", catalogFile.toString());
      assertThat(show.out()).contains("waits for approval").containsPattern("skipped\\s+-\\s+claim instance prod");
      Matcher workflow = Pattern.compile("workflow   (\\S+)").matcher(show.out());
      assertThat(workflow.find()).isTrue();
      // In Temporal the run completed (a skip is not a failure) and says SKIPPED where the UI filters.
      // The catalog records SKIPPED just before the run completes in Temporal: wait for that too.
      var stub = stack.client().newUntypedWorkflowStub(workflow.group(1));
      var described = stub.describe();
      while (described.getStatus() == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        assertThat(System.nanoTime()).as("the skipped backup never completed in Temporal").isLessThan(deadline);
        Thread.sleep(200);
        described = stub.describe();
      }
      assertThat(described.getStatus()).isEqualTo(io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(described.getTypedSearchAttributes().get(dev.runbook.workflows.RunbookSearchAttributes.STATE))
          .isEqualTo("SKIPPED");
    }, "restore", "--instance", "prod", "--replace-database");
    assertThat(r.exit()).as(r.all()).isEqualTo(1);

    Cli started = runbook("services", "start", "--instance", "prod");
    assertThat(started.exit()).as("the lease is free once the restore ended: " + started.all()).isZero();
    assertThat(Files.readAllLines(serviceLog)).containsExactly("start node1");
    Files.delete(serviceLog);
  }

  @Test
  @Order(5)
  void aRejectedRestoreChangesNothing() throws Exception {
    Cli r = restoreDecidedBy("reject", "restore", "--instance", "prod", "--replace-database");
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("rejected by bob: incident 7; nothing was changed");
    assertThat(Files.exists(serviceLog)).isFalse();
    assertThat(rows()).isEqualTo(100);
  }

  @Test
  @Order(6)
  void anApprovedRestoreBringsBackTheDatabaseAndHomeAndStartsBitbucket() throws Exception {
    Cli r = restoreDecidedBy("approve", audit().duringARun(), "restore", "--instance", "prod",
        "--replace-database", "--follow");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("prod: restored to " + point + " (approved by bob: incident 7)",
        "previous database kept as bitbucket_pre_restore_");
    Matcher keptHome = Pattern.compile("previous home kept as (" + Pattern.quote(home.toString()) + "\\.pre-restore-\\d{14})")
        .matcher(r.out());
    assertThat(keptHome.find()).as(r.out()).isTrue();

    assertThat(rows()).isEqualTo(3000);
    assertThat(Files.readString(home.resolve("notes.txt"))).isEqualTo("at backup time");
    assertThat(Files.readString(Path.of(keptHome.group(1)).resolve("notes.txt"))).isEqualTo("changed after the backup");
    String kept = pg.psql("postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'bitbucket_pre_restore_%'");
    assertThat(pg.psql(kept, "SELECT count(*) FROM repo")).isEqualTo("100");
    assertThat(home.resolve("data/repositories/1/index.lock")).doesNotExist();
    assertThat(home.resolve("data/repositories/1/refs/heads/x.lock")).doesNotExist();
    assertThat(home.resolve("data/repositories/1/HEAD")).exists();
    assertThat(r.out()).contains("stale git locks removed: ").contains("index.lock").contains("x.lock");
    assertThat(Files.readString(home.resolve("bitbucket.properties"))).contains("disaster.recovery=false");
    assertThat(Files.readAllLines(serviceLog)).containsExactly("stop node1", "start node1");
    assertThat(bitbucket.state()).isEqualTo(ApplicationState.RUNNING);
    assertThat(r.out()).containsPattern("ok\\s+wait until Bitbucket no longer answers RUNNING\\s+\\(").containsPattern(
        "ok\\s+wait for Bitbucket to answer RUNNING\\s+\\(");

    Matcher run = Pattern.compile("runbook show ([0-9a-f]{8})").matcher(r.out());
    assertThat(run.find()).isTrue();
    Cli show = Cli.run("show", run.group(1), "--catalog", catalogFile.toString());
    assertThat(show.out()).contains("approval   APPROVED by bob: incident 7");
    approvedRun = run.group(1);
  }

  @Test
  @Order(7)
  void aCorruptDumpPutsEverythingBackAsItWasAndStartsBitbucketAgain() throws Exception {
    String second = backupProd();
    try (var files = Files.list(dir.resolve("backups").resolve(second).resolve("db"))) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".dat.gz")).toList()) {
        Files.write(p, new byte[] {9, 9, 9});
      }
    }
    pg.psql("bitbucket", "DELETE FROM repo WHERE id > 7");
    Files.writeString(home.resolve("notes.txt"), "before the failed restore");
    long keptBefore = keptHomes();
    Files.delete(serviceLog);

    Cli r = restoreDecidedBy("approve", "restore", "--instance", "prod", "--point", second, "--replace-database");

    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("prod: RESTORE: FAILED: pg_restore of ");
    assertThat(rows()).isEqualTo(7);
    assertThat(Files.readString(home.resolve("notes.txt"))).isEqualTo("before the failed restore");
    assertThat(keptHomes()).as("the undo moved this run's kept home back").isEqualTo(keptBefore);
    assertThat(Files.readAllLines(serviceLog)).containsExactly("stop node1", "start node1");
    assertThat(bitbucket.state()).isEqualTo(ApplicationState.RUNNING);
  }

  @Test
  @Order(8)
  void theCommandProviderRestoresAReflinkImageWithApprovalWaived() throws Exception {
    Cli backup = runbook("backup", "--instance", "images");
    assertThat(backup.exit()).as(backup.all()).isZero();
    Files.writeString(imageHome.resolve("notes.txt"), "image changed later");

    Cli r = runbook("restore", "--instance", "images");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("(waived by configuration)");
    assertThat(Files.readString(imageHome.resolve("notes.txt"))).isEqualTo("image at backup time");
    assertThat(List.of(Files.list(image.getParent()).map(p -> p.getFileName().toString()).toArray()))
        .anySatisfy(n -> assertThat(n.toString()).matches("home\\.img\\.pre-restore-\\d{14}"));
  }

  @Test
  @Order(8)
  void auditShowsTheRestoresEvidenceTheInstancesStatusAndTheRunsMetrics() throws Exception {
    audit().afterRestores(approvedRun, point);
  }

  private long keptHomes() throws Exception {
    try (var siblings = Files.list(home.getParent())) {
      return siblings.filter(p -> p.getFileName().toString().startsWith(home.getFileName() + ".pre-restore-")).count();
    }
  }
}
