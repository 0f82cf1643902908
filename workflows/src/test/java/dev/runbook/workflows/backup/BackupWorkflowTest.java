package dev.runbook.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
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
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.bitbucket.MaintenanceLock;
import dev.runbook.workflows.bitbucket.MaintenanceRequest;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeCheck;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.notify.Notification;
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class BackupWorkflowTest {
  static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");

  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final BitbucketActivities bitbucket = mock(BitbucketActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final HomeActivities home = mock(HomeActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities db = mock(DatabaseActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, PruneWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, bitbucket, notify, new dev.runbook.workflows.UnpolledQueues());
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("8.19.4", "8019004", "Bitbucket"));
    when(bitbucket.status(any())).thenReturn(new BitbucketStatus("u", 200, "RUNNING"));
    when(bitbucket.meshNodes(any())).thenReturn(new dev.runbook.workflows.bitbucket.MeshNodeList(List.of()));
    when(bitbucket.lock(any())).thenReturn(new MaintenanceLock("unlock-token", "cancel-token"));
    when(notify.notify(any())).thenReturn(new NotifyResult(1, List.of()));
    when(home.checkHome(any())).thenReturn(new HomeCheck("btrfs", List.of("/srv/shared: btrfs subvolume")));
    when(db.checkDatabase(any())).thenReturn(new DatabaseCheck("postgresql", List.of("reachable")));
    when(home.snapshotHome(any())).thenAnswer(i -> {
      String id = ((HomeRequest) i.getArgument(0)).restorePointId();
      return new HomeSnapshot(List.of(new Artifact("home:/srv/shared", Artifact.HOME, "btrfs", "files", "/srv/.snapshots/" + id,
          null, 20)), NOW, null, null, NOW.plusMillis(20));
    });
    when(db.dumpDatabase(any())).thenAnswer(i -> {
      String id = ((DatabaseRequest) i.getArgument(0)).restorePointId();
      return new DatabaseDump(new Artifact("db", Artifact.DATABASE, "postgresql", "db", "/backups/" + id + "/db", 4096L, 300),
          NOW.plusMillis(35), NOW.plusMillis(335));
    });
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private void instance(BackupMode mode, int keep) {
    instance(mode, keep, "btrfs", true);
  }

  private void instance(BackupMode mode, int keep, String homeProvider, boolean pointInTime) {
    when(config.resolveInstance(any())).thenReturn(new ResolvedInstance("prod", "http://bb", mode,
        List.of(new ResolvedInstance.NodeView("node1", "files")),
        List.of(new HostView("files", HostMode.AGENT, TaskQueues.host("files"), List.of("home")),
            new HostView("db", HostMode.AGENT, TaskQueues.host("db"), List.of("database"))),
        homeProvider, "postgresql", keep, "files", "db", Duration.ofMinutes(10), null, pointInTime, Duration.ofHours(24)));
  }

  private void agents(boolean withDb) {
    for (String host : withDb ? List.of("files", "db") : List.of("files")) {
      HostActivities ping = mock(HostActivities.class, withSettings().withoutAnnotations());
      when(ping.ping(any())).thenReturn(new PingAnswer(host, host, "runbook", 1, "test", "agent"));
      env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(ping, host.equals("files") ? home : db);
    }
  }

  private BackupWorkflow workflow(String id) {
    return env.getWorkflowClient().newWorkflowStub(BackupWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(id).build());
  }

  private static Artifact old(String host, String kind, String location) {
    return new Artifact(kind.equals(Artifact.HOME) ? "home:/srv/shared" : "db", kind, "btrfs", host, location, 100L, 1);
  }

  @Test
  void zeroDowntimeBackupRecordsOneRestorePointThenKeepsTheNewestN() {
    instance(BackupMode.ZERO_DOWNTIME, 2);
    agents(true);
    catalog.seed("prod-20261101T030000Z", "prod", NOW.minusSeconds(86400 * 20),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261101T030000Z"), old("db", Artifact.DATABASE, "/backups/prod-20261101T030000Z/db")));
    catalog.seed("prod-20261110T030000Z", "prod", NOW.minusSeconds(86400 * 11),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261110T030000Z")));
    catalog.seed("prod-20261120T030000Z", "prod", NOW.minusSeconds(86400),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261120T030000Z")));
    catalog.seed("prod-staging-20261101T030000Z", "prod-staging", NOW.minusSeconds(86400 * 20),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-staging-20261101T030000Z")));
    env.start();

    BackupWorkflow w = workflow("b1");
    BackupResult r = w.backup(new BackupInput("prod", Trigger.CLI, "alice"));

    assertThat(r.restorePointId()).matches("prod-\\d{8}T\\d{6}Z");
    assertThat(r.artifacts()).extracting(Artifact::kind).containsExactly(Artifact.HOME, Artifact.DATABASE);
    assertThat(r.skewMs()).isEqualTo(35);
    assertThat(r.pruned()).containsExactly("prod-20261101T030000Z", "prod-20261110T030000Z");
    assertThat(catalog.points.get(r.restorePointId()).status()).isEqualTo(RestorePointStatus.COMPLETE);
    assertThat(catalog.points.get("prod-20261120T030000Z").status()).isEqualTo(RestorePointStatus.COMPLETE);
    assertThat(catalog.points.get("prod-20261101T030000Z").status()).isEqualTo(RestorePointStatus.DELETED);
    assertThat(catalog.points.get("prod-staging-20261101T030000Z").status()).isEqualTo(RestorePointStatus.COMPLETE);
    ArgumentCaptor<HomeRequest> deletes = ArgumentCaptor.forClass(HomeRequest.class);
    verify(home, org.mockito.Mockito.times(2)).deleteHomeSnapshot(deletes.capture());
    assertThat(deletes.getAllValues()).extracting(HomeRequest::restorePointId)
        .containsExactly("prod-20261101T030000Z", "prod-20261110T030000Z");
    assertThat(deletes.getAllValues().get(0).artifacts()).extracting(Artifact::location)
        .containsExactly("/srv/.snapshots/prod-20261101T030000Z");
    verify(db).deleteDatabaseDump(any());
    verify(bitbucket, never()).lock(any());
    assertThat(catalog.leases).isEmpty();
    ArgumentCaptor<Notification> told = ArgumentCaptor.forClass(Notification.class);
    verify(notify).notify(told.capture());
    assertThat(told.getValue().status()).isEqualTo("SUCCEEDED");
    assertThat(told.getValue().text()).startsWith("backup of prod: restore point " + r.restorePointId());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.SUCCEEDED));
    assertThat(r.steps()).extracting(s -> s.name()).startsWith("claim instance prod", "resolve configuration",
        "check Bitbucket version");
    // What the Temporal UI shows of the finished run.
    assertThat(TestEnvironments.state(WorkflowStub.fromTyped(w))).isEqualTo("SUCCEEDED");
    assertThat(TestEnvironments.currentDetails(WorkflowStub.fromTyped(w))).startsWith("SUCCEEDED: restore point " + r.restorePointId());
  }

  @Test
  void aFailedDumpDeletesTheHomeSnapshotAndRecordsWhy() {
    instance(BackupMode.ZERO_DOWNTIME, 7);
    agents(true);
    org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure(
        "pg_dump exited 1 on db: connection refused", FailureTypes.PRECONDITION_FAILED)).when(db).dumpDatabase(any());
    env.start();

    BackupWorkflow w = workflow("b2");
    assertThatThrownBy(() -> w.backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class);

    ArgumentCaptor<HomeRequest> undone = ArgumentCaptor.forClass(HomeRequest.class);
    verify(home).deleteHomeSnapshot(undone.capture());
    assertThat(undone.getValue().artifacts()).isEmpty(); // by restore point id: whatever the step made
    verify(db).deleteDatabaseDump(any());
    var point = catalog.points.get(undone.getValue().restorePointId());
    assertThat(point.status()).isEqualTo(RestorePointStatus.FAILED);
    assertThat(point.detail()).isEqualTo("pg_dump exited 1 on db: connection refused; everything it made was deleted");
    ArgumentCaptor<Notification> told = ArgumentCaptor.forClass(Notification.class);
    verify(notify).notify(told.capture());
    assertThat(told.getValue().status()).isEqualTo("FAILED");
    assertThat(catalog.leases).isEmpty();
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.FAILED));
    assertThat(TestEnvironments.state(WorkflowStub.fromTyped(w))).isEqualTo("FAILED");
  }

  @Test
  void lockedModeUnlocksAfterSuccess() {
    instance(BackupMode.LOCKED, 7);
    agents(true);
    env.start();

    workflow("b3").backup(new BackupInput("prod", null, null));

    var inOrder = org.mockito.Mockito.inOrder(bitbucket, home);
    inOrder.verify(bitbucket).lock(any());
    inOrder.verify(bitbucket).awaitDrained(any());
    inOrder.verify(home).snapshotHome(any());
    inOrder.verify(bitbucket).unlock(any());
    ArgumentCaptor<MaintenanceRequest> progress = ArgumentCaptor.forClass(MaintenanceRequest.class);
    verify(bitbucket, org.mockito.Mockito.times(2)).progress(progress.capture());
    assertThat(progress.getAllValues()).extracting(MaintenanceRequest::percentage).containsExactly(10, 100);
    verify(bitbucket, never()).version(any());
  }

  @Test
  void lockedModeUnlocksAfterFailure() {
    instance(BackupMode.LOCKED, 7);
    agents(true);
    org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure("rsync failed", FailureTypes.PRECONDITION_FAILED))
        .when(home).snapshotHome(any());
    env.start();

    assertThatThrownBy(() -> workflow("b4").backup(new BackupInput("prod", null, null))).isInstanceOf(WorkflowFailedException.class);

    verify(bitbucket).unlock(any());
    verify(home).deleteHomeSnapshot(any());
  }

  @Test
  void lockedModeUnlocksWhenCancelled() throws Exception {
    instance(BackupMode.LOCKED, 7);
    agents(true);
    CountDownLatch draining = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    org.mockito.Mockito.doAnswer(i -> {
      draining.countDown();
      release.await(30, TimeUnit.SECONDS);
      return null;
    }).when(bitbucket).awaitDrained(any());
    env.start();
    BackupWorkflow typed = workflow("b5");
    WorkflowStub stub = WorkflowStub.fromTyped(typed);
    try {
      WorkflowClient.start(typed::backup, new BackupInput("prod", null, null));
      assertThat(draining.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(TestEnvironments.state(stub)).isEqualTo("RUNNING");
      assertThat(TestEnvironments.currentDetails(stub)).matches("step \\d+: wait for Bitbucket to drain");
      stub.cancel();
      assertThatThrownBy(() -> stub.getResult(BackupResult.class)).isInstanceOf(WorkflowFailedException.class);
    } finally {
      release.countDown();
    }
    verify(bitbucket).unlock(any());
    verify(home, never()).snapshotHome(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.status()).isEqualTo(RunStatus.CANCELLED));
    assertThat(TestEnvironments.state(stub)).isEqualTo("CANCELLED");
    assertThat(catalog.leases).isEmpty();
  }

  @Test
  void anUnlockThatFailsAfterASuccessfulBackupKeepsTheRestorePointAndSaysSo() {
    instance(BackupMode.LOCKED, 7);
    agents(true);
    org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure("Bitbucket refused the credentials",
        FailureTypes.BITBUCKET_AUTH)).when(bitbucket).unlock(any());
    env.start();

    BackupResult r = workflow("b9").backup(new BackupInput("prod", null, null));

    assertThat(catalog.points.get(r.restorePointId()).status()).isEqualTo(RestorePointStatus.COMPLETE);
    assertThat(r.warnings()).anySatisfy(w -> assertThat(w).startsWith("the maintenance lock could NOT be released"));
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .contains("warnings: the maintenance lock could NOT be released"));
  }

  @Test
  void anUnlockThatFailsAfterAFailedBackupStillUndoesIt() {
    instance(BackupMode.LOCKED, 7);
    agents(true);
    org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure("rsync failed", FailureTypes.PRECONDITION_FAILED))
        .when(home).snapshotHome(any());
    org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure("Bitbucket refused the credentials",
        FailureTypes.BITBUCKET_AUTH)).when(bitbucket).unlock(any());
    env.start();

    assertThatThrownBy(() -> workflow("b10").backup(new BackupInput("prod", null, null))).isInstanceOf(WorkflowFailedException.class);

    verify(home).deleteHomeSnapshot(any());
    verify(db).deleteDatabaseDump(any());
    assertThat(catalog.points.values()).singleElement().satisfies(p -> {
      assertThat(p.status()).isEqualTo(RestorePointStatus.FAILED);
      assertThat(p.detail()).startsWith("rsync failed; the maintenance lock could NOT be released")
          .endsWith("everything it made was deleted");
    });
  }

  @Test
  void anOldBitbucketIsRefusedBeforeAnythingChanges() {
    instance(BackupMode.ZERO_DOWNTIME, 7);
    agents(true);
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("4.7.2", "4007002", "Bitbucket"));
    env.start();

    assertThatThrownBy(() -> workflow("b6").backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("zero-downtime backup needs Bitbucket 4.8 or later; prod runs 4.7.2 (use mode: locked)"));
    assertThat(catalog.changes).isEmpty();
    verify(home, never()).snapshotHome(any());
  }

  @Test
  void aHomeProviderThatIsNotOnePointInTimeIsRefusedForZeroDowntimeBeforeAnythingChanges() {
    instance(BackupMode.ZERO_DOWNTIME, 7, "rsync", false);
    agents(true);
    env.start();

    assertThatThrownBy(() -> workflow("b6b").backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("rsync is not a point-in-time snapshot: use mode: locked"));
    assertThat(catalog.changes).isEmpty();
    verify(home, never()).checkHome(any());
  }

  @Test
  void anUnreachableHostFailsTheRunBeforeAnythingChanges() {
    instance(BackupMode.ZERO_DOWNTIME, 7);
    agents(false);
    env.start();

    assertThatThrownBy(() -> workflow("b7").backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .startsWith("host db (agent): no agent answered on runbook-host-db within 5 s").endsWith("nothing was changed"));
    assertThat(catalog.changes).isEmpty();
    verify(home, never()).snapshotHome(any());
  }

  @Test
  void aBusyInstanceIsRefusedNamingTheHolder() {
    instance(BackupMode.ZERO_DOWNTIME, 7);
    agents(true);
    catalog.leases.put("prod", new InstanceLease("prod", "other-run", "restore-prod-1", "restore"));
    env.start();

    assertThatThrownBy(() -> workflow("b8").backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class);

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("instance prod is busy: restore run other-run holds it"));
    assertThat(catalog.leases.get("prod").runId()).isEqualTo("other-run");
    verify(config, never()).resolveInstance(any());
  }

  @Test
  void pruneDryRunListsWithoutDeleting() {
    instance(BackupMode.ZERO_DOWNTIME, 1);
    agents(true);
    catalog.seed("prod-20261101T030000Z", "prod", NOW.minusSeconds(86400 * 20),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261101T030000Z")));
    catalog.seed("prod-20261120T030000Z", "prod", NOW.minusSeconds(86400),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261120T030000Z")));
    env.start();

    PruneResult r = env.getWorkflowClient().newWorkflowStub(PruneWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).build()).prune(new PruneInput("prod", true, null, null));

    assertThat(r.kept()).containsExactly("prod-20261120T030000Z");
    assertThat(r.deleted()).containsExactly("prod-20261101T030000Z");
    verify(home, never()).deleteHomeSnapshot(any());
    assertThat(catalog.points.get("prod-20261101T030000Z").status()).isEqualTo(RestorePointStatus.COMPLETE);
  }

  @Test
  void pruneKeepsARestorePointThatAVerificationHolds() {
    instance(BackupMode.ZERO_DOWNTIME, 1);
    agents(true);
    catalog.seed("prod-20261101T030000Z", "prod", NOW.minusSeconds(86400 * 20),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261101T030000Z")));
    catalog.seed("prod-20261110T030000Z", "prod", NOW.minusSeconds(86400 * 10),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261110T030000Z")));
    catalog.seed("prod-20261120T030000Z", "prod", NOW.minusSeconds(86400),
        List.of(old("files", Artifact.HOME, "/srv/.snapshots/prod-20261120T030000Z")));
    catalog.beginVerification(new dev.runbook.workflows.verify.Verification("verify-run", "verify-wf",
        "prod-20261101T030000Z", "prod", NOW, null, dev.runbook.workflows.verify.Verification.RUNNING, null, null, null));
    env.start();

    PruneResult r = env.getWorkflowClient().newWorkflowStub(PruneWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).build()).prune(new PruneInput("prod", false, null, null));

    assertThat(r.deleted()).containsExactly("prod-20261110T030000Z");
    assertThat(r.kept()).containsExactly("prod-20261120T030000Z", "prod-20261101T030000Z");
    assertThat(r.failures()).isEmpty();
    assertThat(catalog.points.get("prod-20261101T030000Z").status()).isEqualTo(RestorePointStatus.COMPLETE);
    verify(home, never()).deleteHomeSnapshot(org.mockito.ArgumentMatchers.argThat(q ->
        q.restorePointId().equals("prod-20261101T030000Z")));
  }
}
