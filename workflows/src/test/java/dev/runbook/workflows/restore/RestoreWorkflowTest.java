package dev.runbook.workflows.restore;

import dev.runbook.workflows.run.Decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.RestoreOptions;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRestore;
import dev.runbook.workflows.home.HomeRestorePlan;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.LockCleanup;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceResult;
import dev.runbook.workflows.notify.ApprovalNotice;
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RestoreWorkflowTest {
  static final String POINT = "prod-20261121T030000Z";

  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final BitbucketActivities bitbucket = mock(BitbucketActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final HomeActivities home = mock(HomeActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities db = mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  private final HostActivities files = mock(HostActivities.class, withSettings().withoutAnnotations());
  private final HostActivities node1 = mock(HostActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RestoreWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, bitbucket, notify);
    env.newWorker(TaskQueues.host("files")).registerActivitiesImplementations(files, home, db);
    env.newWorker(TaskQueues.host("node1")).registerActivitiesImplementations(node1);
    for (HostActivities h : List.of(files, node1)) {
      String name = h == files ? "files" : "node1";
      when(h.ping(any())).thenReturn(new PingAnswer(name, name, "runbook", 1, "test", "agent"));
    }
    when(node1.stopServices(any())).thenReturn(new ServiceResult("node1", "node1", ServiceAction.STOP,
        List.of(new ServiceResult.UnitState("atlbitbucket", "inactive")), "agent"));
    when(node1.startServices(any())).thenReturn(new ServiceResult("node1", "node1", ServiceAction.START,
        List.of(new ServiceResult.UnitState("atlbitbucket", "active")), "agent"));
    when(files.cleanGitLocks(any())).thenReturn(new LockCleanup(List.of("/srv/shared/data/repositories/1/index.lock")));
    when(bitbucket.awaitStatus(any())).thenAnswer(i -> new BitbucketStatus("u", 200,
        ((dev.runbook.workflows.bitbucket.StatusWait) i.getArgument(0)).running() ? "RUNNING" : null));
    when(home.planRestore(any())).thenReturn(new HomeRestorePlan(List.of("move /srv/shared aside"), true));
    when(home.restoreHome(any())).thenReturn(new HomeRestore(List.of("/srv/shared.pre-restore-" + POINT)));
    when(db.planRestore(any())).thenReturn(new DatabaseRestorePlan("bitbucket", true, List.of("pg_restore")));
    when(db.restoreDatabase(any())).thenReturn(new DatabaseRestore("bitbucket_pre_restore_20261121040000"));
    when(notify.notify(any())).thenReturn(new NotifyResult(0, List.of()));
    when(notify.approval(any())).thenReturn(new NotifyResult(1, List.of()));
    catalog.seed(POINT, "prod", Instant.parse("2026-11-21T03:00:00Z"), List.of(
        new Artifact("home:/srv/shared", Artifact.HOME, "btrfs", "files", "/srv/.snapshots/" + POINT, null, 1),
        new Artifact("db", Artifact.DATABASE, "postgresql", "files", "/backups/" + POINT + "/db", 100L, 1)));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void instance(boolean requireApproval, boolean leaveStopped, boolean integrity) {
    instance(requireApproval, leaveStopped, integrity, Duration.ofHours(24));
  }

  private void instance(boolean requireApproval, boolean leaveStopped, boolean integrity, Duration deadline) {
    when(config.resolveInstance(any())).thenReturn(new ResolvedInstance("prod", "http://bb", BackupMode.ZERO_DOWNTIME,
        List.of(new ResolvedInstance.NodeView("node1", "node1")),
        List.of(new HostView("node1", HostMode.AGENT, TaskQueues.host("node1"), List.of("node")),
            new HostView("files", HostMode.AGENT, TaskQueues.host("files"), List.of("home", "database"))),
        "btrfs", "postgresql", 7, "files", "files", Duration.ofMinutes(10),
        new RestoreOptions(requireApproval, Duration.ofHours(4), leaveStopped, integrity, Duration.ofMinutes(5), Duration.ofMinutes(15),
            deadline), true, Duration.ofHours(24)));
  }

  private RestoreWorkflow workflow(String id) {
    return env.getWorkflowClient().newWorkflowStub(RestoreWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(id).build());
  }

  private static RestoreInput input(boolean planOnly, boolean replace) {
    return new RestoreInput("prod", "latest", planOnly, replace, Trigger.CLI, "alice");
  }

  /** Starts a restore and waits until it asks for approval. */
  private RestoreWorkflow startAwaitingApproval(String id) throws InterruptedException {
    return startAwaitingApproval(id, input(false, true));
  }

  /** Starts a restore with {@code input} and waits until it asks for approval. */
  private RestoreWorkflow startAwaitingApproval(String id, RestoreInput input) throws InterruptedException {
    RestoreWorkflow w = workflow(id);
    WorkflowClient.start(w::restore, input);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!w.awaitingApproval()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
    return w;
  }

  @Test
  void approvalBySomeoneElseRestoresInOrder() throws Exception {
    instance(true, false, true);
    var stopping = new java.util.concurrent.CountDownLatch(1);
    var secondDecisionSent = new java.util.concurrent.CountDownLatch(1);
    when(node1.stopServices(any())).thenAnswer(i -> {
      stopping.countDown();
      secondDecisionSent.await();
      return new ServiceResult("node1", "node1", ServiceAction.STOP, List.of(new ServiceResult.UnitState("atlbitbucket",
          "inactive")), "agent");
    });
    env.start();
    RestoreWorkflow w = startAwaitingApproval("r1");

    assertThat(w.plan().steps()).first().asString().startsWith("stop Bitbucket's services on node1 on node1");
    assertThat(w.plan().approval()).isEqualTo("needs approval by someone other than alice within 4 h");
    // What the Temporal UI shows while the run waits.
    WorkflowStub run = WorkflowStub.fromTyped(w);
    assertThat(TestEnvironments.state(run)).isEqualTo("AWAITING_APPROVAL");
    assertThat(TestEnvironments.currentDetails(run)).startsWith("waiting for approval by a second person (not alice) until ")
        .containsPattern("until \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC: runbook approve r1 --as NAME --reason TEXT");
    assertThatThrownBy(() -> w.approve(new Decision("alice", "looks right"))).isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.describe(e))
            .isEqualTo("alice asked for this restore and cannot also approve it: a second person must"));
    assertThatThrownBy(() -> w.approve(new Decision("bob", " "))).isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.describe(e))
            .isEqualTo("give a reason (--reason TEXT): it is recorded with the run"));
    verify(node1, never()).stopServices(any());

    assertThat(w.approve(new Decision("bob", "incident 42"))).isEqualTo("approved by bob");
    stopping.await();
    assertThat(TestEnvironments.state(run)).isEqualTo("RUNNING");
    assertThat(TestEnvironments.currentDetails(run)).matches("step \\d+: stop services on node1 on node1");
    assertThatThrownBy(() -> w.reject(new Decision("carol", "too late"))).isInstanceOf(WorkflowUpdateException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.describe(e)).isEqualTo("this run was already approved by bob"));
    secondDecisionSent.countDown();
    RestoreResult r = WorkflowStub.fromTyped(w).getResult(RestoreResult.class);

    assertThat(r.approval()).isEqualTo("approved by bob: incident 42");
    assertThat(r.keptDatabaseAs()).isEqualTo("bitbucket_pre_restore_20261121040000");
    var order = inOrder(node1, bitbucket, db, files);
    order.verify(node1).stopServices(any());
    order.verify(bitbucket).awaitStatus(any());
    order.verify(db).restoreDatabase(any());
    order.verify(files).setIntegrityCheck(org.mockito.ArgumentMatchers.argThat(req -> req.flag()));
    order.verify(node1).startServices(any());
    order.verify(bitbucket).awaitStatus(any());
    order.verify(files).setIntegrityCheck(org.mockito.ArgumentMatchers.argThat(req -> !req.flag()));
    // The home is restored beside the database, its stale git locks removed once it is in place.
    var homeOrder = inOrder(bitbucket, home, files);
    homeOrder.verify(bitbucket).awaitStatus(any());
    homeOrder.verify(home).restoreHome(any());
    homeOrder.verify(files).cleanGitLocks(any());
    homeOrder.verify(files).setIntegrityCheck(org.mockito.ArgumentMatchers.argThat(req -> req.flag()));
    // The home is kept under this run's own stamp, the same one the database is kept under.
    verify(home).restoreHome(argThat(req -> req.keepStamp() != null && req.keepStamp().matches("\\d{14}")));
    verify(db).restoreDatabase(argThat(req -> req.keepSuffix().matches("_pre_restore_\\d{14}")));
    assertThat(catalog.approvals).singleElement().satisfies(a -> {
      assertThat(a.decision()).isEqualTo("APPROVED");
      assertThat(a.decidedBy()).isEqualTo("bob");
    });
    assertThat(catalog.leases).isEmpty();
  }

  @Test
  void aRejectionEndsTheRunWithNothingChanged() throws Exception {
    instance(true, false, false);
    env.start();
    RestoreWorkflow w = startAwaitingApproval("r2");

    w.reject(new Decision("bob", "wrong restore point"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(w).getResult(RestoreResult.class)).isInstanceOf(WorkflowFailedException.class);
    verify(node1, never()).stopServices(any());
    verify(home, never()).restoreHome(any());
    assertThat(catalog.approvals).singleElement().satisfies(a -> assertThat(a.decision()).isEqualTo("REJECTED"));
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("rejected by bob: wrong restore point; nothing was changed"));
    assertThat(TestEnvironments.state(WorkflowStub.fromTyped(w))).isEqualTo("FAILED");
  }

  @Test
  void noAnswerWithinTheApprovalTimeEndsTheRunWithNothingChanged() {
    instance(true, false, false);
    env.start();

    assertThatThrownBy(() -> workflow("r3").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class);

    verify(node1, never()).stopServices(any());
    assertThat(catalog.approvals).singleElement().satisfies(a -> assertThat(a.decision()).isEqualTo("TIMED_OUT"));
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("no approval within 240 min; nothing was changed"));
  }

  @Test
  void planOnlyChangesNothingAndClaimsNothing() {
    instance(true, false, false);
    env.start();

    RestoreResult r = workflow("r4").restore(input(true, true));

    assertThat(r.planOnly()).isTrue();
    assertThat(r.plan().restorePointId()).isEqualTo(POINT);
    assertThat(r.plan().steps()).contains("home: move /srv/shared aside", "database: pg_restore");
    verify(node1, never()).stopServices(any());
    assertThat(catalog.approvals).isEmpty();
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.SUCCEEDED));
  }

  @Test
  void anExistingDatabaseWithoutReplaceIsRefusedInThePlan() {
    instance(false, false, false);
    env.start();

    assertThatThrownBy(() -> workflow("r5").restore(input(false, false))).isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.type(e)).isEqualTo(FailureTypes.INVALID_INPUT));

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).startsWith(
        "database bitbucket of prod exists and a restore never writes over it: start the restore with --replace-database"));
    verify(node1, never()).stopServices(any());
  }

  @Test
  void aFailedDatabaseRestorePutsTheHomeBackAndStartsBitbucketAgain() {
    instance(false, false, false);
    doThrow(ApplicationFailure.newNonRetryableFailure("pg_restore failed: invalid dump", FailureTypes.COMMAND_FAILED))
        .when(db).restoreDatabase(any());
    env.start();

    assertThatThrownBy(() -> workflow("r6").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class);

    // The home and the database are restored in parallel once the services are stopped; the undo puts
    // the database back, then the home, then starts the services.
    var order = inOrder(node1, home, db);
    order.verify(node1).stopServices(any());
    order.verify(db).restoreDatabase(any());
    order.verify(db).undoRestore(any());
    order.verify(home).undoRestore(any());
    order.verify(node1).startServices(any());
    var homeOrder = inOrder(node1, home);
    homeOrder.verify(node1).stopServices(any());
    homeOrder.verify(home).restoreHome(any());
    homeOrder.verify(home).undoRestore(any());
    assertThat(catalog.approvals).singleElement().satisfies(a -> assertThat(a.decision()).isEqualTo("WAIVED"));
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).isEqualTo("pg_restore failed: invalid dump"));
  }

  @Test
  void aRestorePastItsDeadlineIsStoppedAndUndone() {
    instance(false, false, false, Duration.ofSeconds(2));
    // A pg_restore that never ends: it only stops when cancelled, as the host step does.
    when(db.restoreDatabase(any())).thenAnswer(i -> {
      while (true) {
        io.temporal.activity.Activity.getExecutionContext().heartbeat(null);
        Thread.sleep(100);
      }
    });
    env.start();

    assertThatThrownBy(() -> workflow("r6d").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.type(e)).isEqualTo(FailureTypes.DEADLINE_EXCEEDED))
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.describe(e))
            .isEqualTo("the restore of prod ran past its deadline of 2 s and was stopped"));

    var order = inOrder(node1, home, db);
    order.verify(node1).stopServices(any());
    order.verify(home).restoreHome(any());
    order.verify(db).undoRestore(any());
    order.verify(home).undoRestore(any());
    order.verify(node1).startServices(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.FAILED);
      assertThat(f.summary()).isEqualTo("the restore of prod ran past its deadline of 2 s and was stopped");
    });
    assertThat(catalog.leases).isEmpty();
  }

  @Test
  void leaveStoppedLeavesEverythingForAnOperator() {
    instance(false, true, false);
    doThrow(ApplicationFailure.newNonRetryableFailure("pg_restore failed", FailureTypes.COMMAND_FAILED))
        .when(db).restoreDatabase(any());
    env.start();

    assertThatThrownBy(() -> workflow("r7").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class);

    verify(home, never()).undoRestore(any());
    verify(node1, never()).startServices(any());
  }

  @Test
  void aStartThatNeverReachesRunningStopsAgainBeforePuttingDataBack() {
    instance(false, false, false);
    doThrow(ApplicationFailure.newNonRetryableFailure("Bitbucket did not answer RUNNING within 900 s", FailureTypes.BITBUCKET_STATE))
        .doAnswer(i -> new BitbucketStatus("u", 200, "RUNNING"))
        .when(bitbucket).awaitStatus(argThat(w -> w != null && w.running()));
    env.start();

    assertThatThrownBy(() -> workflow("r8").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class);

    var order = inOrder(node1, home, db);
    order.verify(node1).startServices(any());
    order.verify(node1).stopServices(any()); // never put data back under a running Bitbucket
    order.verify(db).undoRestore(any());
    order.verify(home).undoRestore(any());
    order.verify(node1).startServices(any());
    verify(node1, times(2)).stopServices(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("Bitbucket did not answer RUNNING within 900 s"));
  }

  @Test
  void whenBitbucketCannotBeStoppedAgainTheDataStaysAndTheRunSaysSo() {
    instance(false, false, false);
    doThrow(ApplicationFailure.newNonRetryableFailure("Bitbucket did not answer RUNNING within 900 s", FailureTypes.BITBUCKET_STATE))
        .doAnswer(i -> new BitbucketStatus("u", 200, "RUNNING"))
        .when(bitbucket).awaitStatus(argThat(w -> w != null && w.running()));
    org.mockito.Mockito.doAnswer(i -> new BitbucketStatus("u", 0, null))
        .doThrow(ApplicationFailure.newNonRetryableFailure("Bitbucket still answers RUNNING after 300 s", FailureTypes.BITBUCKET_STATE))
        .when(bitbucket).awaitStatus(argThat(w -> w != null && !w.running()));
    env.start();

    assertThatThrownBy(() -> workflow("r9").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.type(e)).isEqualTo(FailureTypes.UNDO_INCOMPLETE));

    verify(db, never()).undoRestore(any());
    verify(home, never()).undoRestore(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).isEqualTo(
        "Bitbucket did not answer RUNNING within 900 s; the undo did not complete, look before starting Bitbucket: "
            + "Bitbucket still answers RUNNING after 300 s; put the previous database back was not done: Bitbucket could "
            + "not be stopped again; put the previous home back was not done: Bitbucket could not be stopped again"));
  }

  @Test
  void aFailedUndoIsReportedWithTheCause() {
    instance(false, false, false);
    doThrow(ApplicationFailure.newNonRetryableFailure("pg_restore failed: invalid dump", FailureTypes.COMMAND_FAILED))
        .when(db).restoreDatabase(any());
    doThrow(ApplicationFailure.newNonRetryableFailure("mv -T /srv/shared.pre-restore-x /srv/shared exited 1 on files",
        FailureTypes.COMMAND_FAILED)).when(home).undoRestore(any());
    env.start();

    assertThatThrownBy(() -> workflow("r10").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class);

    verify(node1).startServices(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).isEqualTo(
        "pg_restore failed: invalid dump; the undo did not complete, look before starting Bitbucket: "
            + "mv -T /srv/shared.pre-restore-x /srv/shared exited 1 on files"));
  }

  @Test
  void aRunThatNeedsApprovalButNamesNoRequesterIsRefused() {
    instance(true, false, false);
    env.start();

    assertThatThrownBy(() -> workflow("r11").restore(new RestoreInput("prod", "latest", false, true, Trigger.MANUAL, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(dev.runbook.workflows.run.Failures.type(e)).isEqualTo(FailureTypes.INVALID_INPUT));

    verify(node1, never()).stopServices(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).startsWith(
        "a restore of prod needs approval by a second person, so its input must name who asks for it"));
  }

  @Test
  void peopleAreToldThatTheRunWaitsAndThenHowItWasDecided() throws Exception {
    instance(true, false, false);
    env.start();
    RestoreWorkflow w = startAwaitingApproval("r12");
    ArgumentCaptor<ApprovalNotice> told = ArgumentCaptor.forClass(ApprovalNotice.class);
    verify(notify, timeout(10_000)).approval(told.capture());
    ApprovalNotice waiting = told.getValue();
    String runId = WorkflowStub.fromTyped(w).getExecution().getRunId();

    assertThat(waiting.event()).isEqualTo(ApprovalNotice.Event.WAITING);
    assertThat(waiting).extracting(ApprovalNotice::instance, ApprovalNotice::runbook, ApprovalNotice::subject,
        ApprovalNotice::runId, ApprovalNotice::workflowId, ApprovalNotice::requester)
        .containsExactly("prod", "restore", "prod", runId, "r12", "alice");
    assertThat(waiting.plan()).startsWith("restore point " + POINT).contains("- stop Bitbucket's services on node1");
    assertThat(Duration.between(Instant.ofEpochMilli(env.currentTimeMillis()), waiting.deadline()))
        .isBetween(Duration.ofHours(4).minusMinutes(1), Duration.ofHours(4));

    w.approve(new Decision("bob", "incident 42"));
    WorkflowStub.fromTyped(w).getResult(RestoreResult.class);

    verify(notify, times(2)).approval(told.capture());
    assertThat(told.getAllValues().get(told.getAllValues().size() - 1)).satisfies(n -> {
      assertThat(n.event()).isEqualTo(ApprovalNotice.Event.APPROVED);
      assertThat(n.decidedBy()).isEqualTo("bob");
      assertThat(n.reason()).isEqualTo("incident 42");
      assertThat(n.workflowId()).isEqualTo("r12");
    });
  }

  @Test
  void aRejectionAndATimeoutAreAnnouncedToo() throws Exception {
    instance(true, false, false);
    env.start();
    RestoreWorkflow w = startAwaitingApproval("r13");
    w.reject(new Decision("bob", "wrong point"));
    assertThatThrownBy(() -> WorkflowStub.fromTyped(w).getResult(RestoreResult.class)).isInstanceOf(WorkflowFailedException.class);
    assertThatThrownBy(() -> workflow("r14").restore(input(false, true))).isInstanceOf(WorkflowFailedException.class);

    verify(notify).approval(argThat(n -> n.workflowId().equals("r13") && n.event() == ApprovalNotice.Event.REJECTED
        && n.decidedBy().equals("bob") && n.reason().equals("wrong point")));
    verify(notify).approval(argThat(n -> n.workflowId().equals("r14") && n.event() == ApprovalNotice.Event.TIMED_OUT));
  }

  @Test
  void aRestoreWhoseStarterAsksForApprovalWaitsEvenWhenTheConfigurationWaivesIt() throws Exception {
    instance(false, false, false);
    env.start();
    RestoreWorkflow w = startAwaitingApproval("r15", new RestoreInput("prod", "latest", false, true, Trigger.INCIDENT,
        "webhook am", true));
    assertThat(w.plan().approval()).isEqualTo("needs approval by someone other than webhook am within 4 h");
    verify(node1, never()).stopServices(any());

    w.approve(new Decision("bob", "data loss confirmed"));
    RestoreResult r = WorkflowStub.fromTyped(w).getResult(RestoreResult.class);
    assertThat(r.approval()).isEqualTo("approved by bob: data loss confirmed");
  }
}
