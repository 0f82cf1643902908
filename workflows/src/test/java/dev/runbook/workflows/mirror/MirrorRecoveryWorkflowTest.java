package dev.runbook.workflows.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.SshKeysForTests;
import dev.runbook.workflows.approval.ApprovalPolicy;
import dev.runbook.workflows.approval.SignedRequest;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.MirrorRecoveryOptions;
import dev.runbook.workflows.config.ResolvedInstance.NodeView;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceResult;
import dev.runbook.workflows.mirror.MirrorInspection.PrimaryRecord;
import dev.runbook.workflows.mirror.MirrorInspection.SyncProgress;
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import dev.runbook.workflows.restore.RestoreInput;
import dev.runbook.workflows.restore.RestorePlan;
import dev.runbook.workflows.restore.RestoreResult;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.Decision;
import dev.runbook.workflows.run.RunProgress;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorRecoveryWorkflowTest {
  static final String ID = "AAAA-BBBB-CCCC-DDDD";
  static final List<RestoreInput> restores = new CopyOnWriteArrayList<>();

  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final MirrorActivities mirrors = mock(MirrorActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final HostActivities m1 = mock(HostActivities.class, withSettings().withoutAnnotations());

  /** Stands in for the restore runbook, which has its own tests: records what it was asked. */
  public static class FakeRestore implements RestoreWorkflow {
    @Override
    public RestoreResult restore(RestoreInput input) {
      restores.add(input);
      return new RestoreResult(input.instance(), null, false, "approved by bob", List.of(), null, List.of(), List.of(),
          List.of());
    }

    @Override
    public RestorePlan plan() {
      return null;
    }

    @Override
    public boolean awaitingApproval() {
      return false;
    }

    @Override
    public String approve(Decision decision) {
      return "";
    }

    @Override
    public void validateApprove(Decision decision) {}

    @Override
    public String reject(Decision decision) {
      return "";
    }

    @Override
    public void validateReject(Decision decision) {}

    @Override
    public RunProgress progress() {
      return null;
    }
  }

  @BeforeEach
  void setUp() {
    restores.clear();
    env = TestEnvironments.withSearchAttributes();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(MirrorRecoveryWorkflowImpl.class, FakeRestore.class);
    control.registerActivitiesImplementations(catalog, config, mirrors, notify);
    env.newWorker(TaskQueues.host("m1")).registerActivitiesImplementations(m1);
    when(m1.ping(any())).thenReturn(new PingAnswer("m1", "m1", "runbook", 1, "test", "agent"));
    when(m1.stopServices(any())).thenReturn(new ServiceResult("m1", "m1", ServiceAction.STOP,
        List.of(new ServiceResult.UnitState("atlbitbucket", "inactive")), "agent"));
    when(m1.startServices(any())).thenReturn(new ServiceResult("m1", "m1", ServiceAction.START,
        List.of(new ServiceResult.UnitState("atlbitbucket", "active")), "agent"));
    when(notify.notify(any())).thenReturn(new NotifyResult(0, List.of()));
    when(mirrors.removeStaleRecord(any())).thenReturn(new StaleRecordRemoval(true, ID, "deleted record " + ID));
    when(mirrors.requestAuthorization(any())).thenReturn(new Reauthorization(7, true, "the mirror sent request 7"));
    when(mirrors.acceptRequest(any())).thenReturn(new Acceptance(7, true, "accepted request 7"));
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void mirror(boolean requireApproval, boolean withNode, String restoreInstance) {
    mirror(requireApproval, withNode, restoreInstance, null);
  }

  private void mirror(boolean requireApproval, boolean withNode, String restoreInstance, ApprovalPolicy approvals) {
    when(config.resolveMirror(any())).thenReturn(new ResolvedMirror("eu", "prod", "http://prod", "http://eu", null,
        withNode ? List.of(new NodeView("m1", "m1")) : List.of(),
        withNode ? List.of(new HostView("m1", HostMode.AGENT, TaskQueues.host("m1"), List.of("mirror node m1"))) : List.of(),
        restoreInstance, false, new MirrorRecoveryOptions(requireApproval, Duration.ofHours(4), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofSeconds(10), approvals)));
  }

  static MirrorInspection look(String state, int synced) {
    return new MirrorInspection("eu", "http://eu", null, "8.19.4", state, ID, null,
        new PrimaryRecord(ID, "eu", "http://eu", true, Instant.EPOCH, 5, "SINGLE"), List.of(), 0,
        new SyncProgress(false, synced, 12), List.of(), Instant.EPOCH, List.of());
  }

  static SyncWait synced(boolean ok) {
    return ok ? new SyncWait(true, true, "INSTALLED", new SyncProgress(false, 12, 12), "INSTALLED, synchronized 12 of 12")
        : new SyncWait(true, false, "INSTALLED", new SyncProgress(false, 4, 12), "INSTALLED, but synchronized 4 of 12");
  }

  private MirrorRecoveryWorkflow workflow() {
    return env.getWorkflowClient().newWorkflowStub(MirrorRecoveryWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId("recover-eu").build());
  }

  private static MirrorRecoveryInput input() {
    return new MirrorRecoveryInput("eu", Trigger.CLI, "alice");
  }

  @Test
  void aHealthyMirrorIsRefusedBeforeApprovalAndNothingChanges() {
    mirror(true, true, null);
    when(mirrors.inspect(any())).thenReturn(look("INSTALLED", 12));
    env.start();
    assertThatThrownBy(() -> workflow().recover(input())).isInstanceOf(WorkflowFailedException.class)
        .rootCause().hasMessageContaining("mirror eu is healthy, nothing to recover: mirror upstream state INSTALLED")
        .extracting(e -> ((ApplicationFailure) e).getType()).isEqualTo(FailureTypes.MIRROR_HEALTHY);
    verify(mirrors, never()).removeStaleRecord(any());
    verify(mirrors, never()).requestAuthorization(any());
    verify(mirrors, never()).acceptRequest(any());
    assertThat(catalog.approvals).isEmpty();
    assertThat(catalog.leases).isEmpty();
  }

  @Test
  void anApprovedRecoveryRemovesReconnectsAcceptsAndWaitsInThatOrder() throws Exception {
    mirror(true, true, null);
    when(mirrors.inspect(any())).thenReturn(look("REMOVED", 12), look("INSTALLED", 12));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(true));
    env.start();
    MirrorRecoveryWorkflow w = workflow();
    WorkflowClient.start(w::recover, input());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!w.awaitingApproval()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
    verify(mirrors, never()).removeStaleRecord(any());
    assertThat(w.diagnosis().condition()).isEqualTo(MirrorCondition.REMOVED);
    assertThatThrownBy(() -> w.approve(new Decision("alice", "mine"))).rootCause().hasMessageContaining("cannot also approve");
    w.approve(new Decision("bob", "staging incident"));
    MirrorRecoveryResult r = WorkflowClient.execute(w::recover, input()).get();
    var order = inOrder(mirrors);
    order.verify(mirrors).removeStaleRecord(any());
    order.verify(mirrors).requestAuthorization(any());
    order.verify(mirrors).acceptRequest(new AcceptCall("eu", ID, 7));
    order.verify(mirrors).awaitSynchronized(any());
    verify(m1, never()).stopServices(any());
    assertThat(r.actions()).containsExactly("removed stale record " + ID + " on prod",
        "mirror sent authorization request 7", "accepted request 7 on prod");
    assertThat(r.before().findings()).contains("mirror upstream state REMOVED");
    assertThat(r.after().healthy()).isTrue();
    assertThat(catalog.approvals).singleElement().satisfies(a -> assertThat(a.decision()).isEqualTo("APPROVED"));
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.SUCCEEDED));
  }

  @Test
  void aSignedRecoveryTakesOnlyASecondApproversSignatureAndRecordsTheirKey(@TempDir Path dir) throws Exception {
    Path alice = SshKeysForTests.key(dir, "alice");
    Path bob = SshKeysForTests.key(dir, "bob");
    ApprovalPolicy signed = new ApprovalPolicy(ApprovalPolicy.SIGNED, List.of(SshKeysForTests.approver("alice", alice),
        SshKeysForTests.approver("bob", bob)));
    mirror(true, true, null, signed);
    when(mirrors.inspect(any())).thenReturn(look("REMOVED", 12), look("INSTALLED", 12));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(true));
    env.start();
    SignedRequest request = new SignedRequest(MirrorRecoveryWorkflow.KIND, "eu", null, false, "recover-eu", "alice",
        "n1", env.currentTimeMillis(), null);
    MirrorRecoveryInput input = new MirrorRecoveryInput("eu", Trigger.CLI, "alice",
        request.signedWith(SshKeysForTests.sign(alice, request.text())));
    MirrorRecoveryWorkflow w = workflow();
    WorkflowExecution run = WorkflowClient.start(w::recover, input);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!w.awaitingApproval()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThatThrownBy(() -> w.approve(new Decision("bob", "unsigned"))).rootCause().hasMessageContaining("is not signed");
    assertThatThrownBy(() -> w.approve(decision(alice, "alice", run.getRunId()))).rootCause()
        .hasMessageContaining("alice (SHA256:").hasMessageContaining("cannot also approve it");
    assertThatThrownBy(() -> w.approve(decision(bob, "bob", "another-run"))).rootCause()
        .hasMessageContaining("a signature from another run is refused");
    Decision genuine = decision(bob, "bob", run.getRunId());
    w.approve(genuine);
    MirrorRecoveryResult r = WorkflowClient.execute(w::recover, input).get();
    assertThat(r.after().healthy()).isTrue();
    assertThat(catalog.approvals).singleElement().satisfies(a -> assertThat(a.decidedBy())
        .isEqualTo(SshKeysForTests.approver("bob", bob).identity()));
  }

  @Test
  void aSignedRecoveryWithoutASignedRequestEndsBeforeAnythingChanges(@TempDir Path dir) throws Exception {
    Path alice = SshKeysForTests.key(dir, "alice");
    Path bob = SshKeysForTests.key(dir, "bob");
    mirror(true, true, null, new ApprovalPolicy(ApprovalPolicy.SIGNED, List.of(SshKeysForTests.approver("alice", alice),
        SshKeysForTests.approver("bob", bob))));
    when(mirrors.inspect(any())).thenReturn(look("REMOVED", 12));
    env.start();
    assertThatThrownBy(() -> WorkflowClient.execute(workflow()::recover, input()).get()).rootCause()
        .hasMessageContaining("carries no signed request");
    verify(mirrors, never()).removeStaleRecord(any());
  }

  private Decision decision(Path key, String name, String runId) {
    Decision d = new Decision(name, "staging incident", runId, null, java.util.UUID.randomUUID().toString(),
        env.currentTimeMillis(), null);
    return d.signedWith(SshKeysForTests.sign(key, d.text("approve")));
  }

  @Test
  void aRejectedRecoveryChangesNothing() throws Exception {
    mirror(true, true, null);
    when(mirrors.inspect(any())).thenReturn(look("REMOVED", 12));
    env.start();
    MirrorRecoveryWorkflow w = workflow();
    WorkflowClient.start(w::recover, input());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!w.awaitingApproval()) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
    w.reject(new Decision("bob", "not now"));
    assertThatThrownBy(() -> WorkflowClient.execute(w::recover, input()).get()).rootCause()
        .hasMessageContaining("rejected by bob: not now; nothing was changed");
    verify(mirrors, never()).removeStaleRecord(any());
    verify(mirrors, never()).requestAuthorization(any());
  }

  @Test
  void aMirrorThatDoesNotSynchronizeIsRestartedThenRestoredFromABackupTakenBeforeItBroke() {
    stuckMirrorWithTwoRestorePoints();
    env.start();
    MirrorRecoveryResult r = workflow().recover(input());
    verify(m1).stopServices(any());
    verify(m1).startServices(any());
    verify(mirrors, times(3)).awaitSynchronized(any());
    assertThat(restores).singleElement().satisfies(in -> {
      assertThat(in.instance()).isEqualTo("eu-home");
      assertThat(in.point()).as("the newest point before the mirror broke").isEqualTo("eu-home-20261121T030000Z");
      assertThat(in.replaceDatabase()).isTrue();
      assertThat(in.requestedBy()).isEqualTo("alice");
      assertThat(in.alwaysApprove()).as("a recovery asked for by a person leaves approval to the instance").isFalse();
    });
    assertThat(r.actions()).contains("restarted the mirror service on m1",
        "restored eu-home from eu-home-20261121T030000Z (run restore-eu-home-for-recover-eu)");
    assertThat(catalog.approvals).singleElement().satisfies(a -> assertThat(a.decision()).isEqualTo("WAIVED"));
  }

  @Test
  void anIncidentsFallbackRestoreAlwaysWaitsForAPerson() {
    stuckMirrorWithTwoRestorePoints();
    env.start();
    env.getWorkflowClient().newWorkflowStub(MirrorRecoveryWorkflow.class,
        dev.runbook.workflows.TestEnvironments.startedBy(Trigger.INCIDENT, "recover-eu").build()).recover(input());
    assertThat(restores).singleElement().satisfies(in -> assertThat(in.alwaysApprove()).isTrue());
  }

  private void stuckMirrorWithTwoRestorePoints() {
    mirror(false, true, "eu-home");
    catalog.seed("eu-home-20261121T030000Z", "eu-home", Instant.parse("2026-11-21T03:00:00Z"),
        List.of(new Artifact("home:/srv/eu", Artifact.HOME, "btrfs", "m1", "/snap", null, 1)));
    // Taken after the pairing broke (the primary last saw the mirror at 05:00): it holds the broken state.
    catalog.seed("eu-home-20261121T060000Z", "eu-home", Instant.parse("2026-11-21T06:00:00Z"),
        List.of(new Artifact("home:/srv/eu", Artifact.HOME, "btrfs", "m1", "/snap2", null, 1)));
    MirrorInspection removed = new MirrorInspection("eu", "http://eu", null, "8.19.4", "REMOVED", ID, null,
        new PrimaryRecord(ID, "eu", "http://eu", true, Instant.parse("2026-11-21T05:00:00Z"), 7200, "SINGLE"), List.of(), 0,
        new SyncProgress(false, 12, 12), List.of(), Instant.EPOCH, List.of());
    when(mirrors.inspect(any())).thenReturn(removed, look("INSTALLED", 4), look("INSTALLED", 4), look("INSTALLED", 12));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(false), synced(false), synced(true));
  }

  @Test
  void aMirrorWhosePrimaryDoesNotAnswerIsRefusedWithNothingChanged() {
    mirror(false, true, null);
    when(mirrors.inspect(any())).thenReturn(new MirrorInspection("eu", "http://eu", null, "8.19.4", "REMOVED", ID,
        "http://prod/rest/mirroring/latest/mirrorServers: connection refused", null, List.of(), 0, null, List.of(),
        Instant.EPOCH, List.of()));
    env.start();
    assertThatThrownBy(() -> workflow().recover(input())).rootCause()
        .hasMessageContaining("cannot be recovered while its primary prod does not answer")
        .hasMessageContaining("nothing was changed");
    verify(mirrors, never()).removeStaleRecord(any());
    verify(m1, never()).stopServices(any());
  }

  @Test
  void aMirrorThatAnswersOnlyAfterTheRestartAndSaysRemovedIsReauthorized() {
    mirror(false, true, null);
    MirrorInspection silent = new MirrorInspection("eu", "http://eu", "http://eu: connection refused", null, null, ID, null,
        new PrimaryRecord(ID, "eu", "http://eu", true, Instant.EPOCH, 7200, "SINGLE"), List.of(), 0, null, List.of(),
        Instant.EPOCH, List.of());
    when(mirrors.inspect(any())).thenReturn(silent, silent, look("REMOVED", 12), look("INSTALLED", 12));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(false), synced(false), synced(true));
    env.start();
    MirrorRecoveryResult r = workflow().recover(input());
    var order = inOrder(m1, mirrors);
    order.verify(m1).stopServices(any());
    order.verify(mirrors).removeStaleRecord(any());
    order.verify(mirrors).acceptRequest(any());
    assertThat(r.after().healthy()).isTrue();
  }

  @Test
  void aSynchronizedMirrorWhoseRecordStaysStaleIsRestartedToo() {
    mirror(false, true, null);
    MirrorInspection stale = new MirrorInspection("eu", "http://eu", null, "8.19.4", "INSTALLED", ID, null,
        new PrimaryRecord(ID, "eu", "http://eu", true, Instant.EPOCH, 3600, "SINGLE"), List.of(), 0,
        new SyncProgress(false, 12, 12), List.of(), Instant.EPOCH, List.of());
    when(mirrors.inspect(any())).thenReturn(stale, stale, look("INSTALLED", 12));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(true));
    env.start();
    MirrorRecoveryResult r = workflow().recover(input());
    assertThat(r.before().condition()).isEqualTo(MirrorCondition.STALE);
    assertThat(r.before().findings()).contains("primary lastSeenDate 60 min ago");
    verify(m1).stopServices(any());
    verify(mirrors, never()).removeStaleRecord(any());
    assertThat(r.after().healthy()).isTrue();
  }

  @Test
  void withoutNodesOrBackupsAMirrorStillBehindFailsWithItsEvidence() {
    mirror(false, false, null);
    when(mirrors.inspect(any())).thenReturn(look("INSTALLED", 4));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(false));
    env.start();
    assertThatThrownBy(() -> workflow().recover(input())).rootCause()
        .hasMessageContaining("mirror eu is still not healthy (synchronizing): synchronized 4 of 12 repositories");
    verify(mirrors, never()).removeStaleRecord(any());
    assertThat(catalog.steps).extracting(s -> s.step().name() + " " + s.step().outcome()).contains(
        "remove stale record on the primary " + StepOutcome.SKIPPED,
        "restart the mirror service " + StepOutcome.SKIPPED,
        "restore the mirror from its backup " + StepOutcome.SKIPPED);
    assertThat(catalog.leases).isEmpty();
  }

  @Test
  void aNodeThatDoesNotServeAgainEndsTheRollingRestartBeforeTheNextNodeStops() {
    HostActivities m2 = mock(HostActivities.class, withSettings().withoutAnnotations());
    env.newWorker(TaskQueues.host("m2")).registerActivitiesImplementations(m2);
    when(m2.ping(any())).thenReturn(new PingAnswer("m2", "m2", "runbook", 1, "test", "agent"));
    when(config.resolveMirror(any())).thenReturn(new ResolvedMirror("eu", "prod", "http://prod", "http://eu", null,
        List.of(new NodeView("m1", "m1"), new NodeView("m2", "m2")),
        List.of(new HostView("m1", HostMode.AGENT, TaskQueues.host("m1"), List.of("mirror node m1")),
            new HostView("m2", HostMode.AGENT, TaskQueues.host("m2"), List.of("mirror node m2"))),
        null, false, new MirrorRecoveryOptions(false, Duration.ofHours(4), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofSeconds(10))));
    when(mirrors.inspect(any())).thenReturn(look("INSTALLED", 4));
    when(mirrors.awaitSynchronized(any())).thenReturn(synced(false));
    when(mirrors.awaitNodeRunning(any())).thenReturn(new NodeWait(true, false, "node m1 not RUNNING within 600 s"));
    env.start();
    assertThatThrownBy(() -> workflow().recover(input())).rootCause().hasMessageContaining("still not healthy");
    verify(m1).stopServices(any());
    verify(m1).startServices(any());
    verify(m2, never()).stopServices(any());
    assertThat(catalog.steps).extracting(x -> x.step().name() + ": " + x.step().detail())
        .contains("restart the remaining nodes: m1 does not serve again, so m2 keep running");
  }
}
