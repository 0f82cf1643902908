package dev.runbook.workflows.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import dev.runbook.workflows.bitbucket.StatusWait;
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
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The restore of an instance with two Bitbucket Mesh nodes (mesh-1 on host mesh1, mesh-2 on mesh2). */
class MeshRestoreWorkflowTest {
  static final String POINT = "prod-20261121T030000Z";
  static final List<String> MESH = List.of("mesh-1", "mesh-2");

  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final BitbucketActivities bitbucket = mock(BitbucketActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final HomeActivities home = mock(HomeActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities db = mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  private final HostActivities files = mock(HostActivities.class, withSettings().withoutAnnotations());
  private final HostActivities node1 = mock(HostActivities.class, withSettings().withoutAnnotations());
  private final List<HostActivities> meshHosts = List.of(mock(HostActivities.class, withSettings().withoutAnnotations()),
      mock(HostActivities.class, withSettings().withoutAnnotations()));
  private final List<HomeActivities> meshHomes = List.of(mock(HomeActivities.class, withSettings().withoutAnnotations()),
      mock(HomeActivities.class, withSettings().withoutAnnotations()));

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(RestoreWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, bitbucket, notify);
    env.newWorker(TaskQueues.host("files")).registerActivitiesImplementations(files, home, db);
    env.newWorker(TaskQueues.host("node1")).registerActivitiesImplementations(node1);
    for (int i = 0; i < 2; i++) {
      String host = "mesh" + (i + 1);
      env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(meshHosts.get(i), meshHomes.get(i));
      services(meshHosts.get(i), host, "mesh");
      when(meshHomes.get(i).planRestore(any())).thenReturn(new HomeRestorePlan(List.of("move /srv/mesh aside"), true));
      when(meshHomes.get(i).restoreHome(any())).thenReturn(new HomeRestore(List.of("/srv/mesh.pre-restore-" + host)));
      when(meshHosts.get(i).awaitMeshPort(any())).thenReturn(250L);
      when(meshHosts.get(i).cleanGitLocks(any())).thenReturn(new LockCleanup(i == 0
          ? List.of("/srv/mesh/repositories/1/HEAD.lock") : List.of()));
    }
    services(files, "files", "none");
    services(node1, "node1", "atlbitbucket");
    when(files.cleanGitLocks(any())).thenReturn(new LockCleanup(List.of()));
    when(bitbucket.awaitStatus(any())).thenAnswer(i -> new BitbucketStatus("u", 200,
        ((StatusWait) i.getArgument(0)).running() ? "RUNNING" : null));
    when(bitbucket.awaitMeshAvailable(any())).thenReturn(new MeshNodeList(MESH.stream()
        .map(n -> new MeshNode(n, n, "http://" + n + ":7777", "AVAILABLE", false)).toList()));
    when(home.planRestore(any())).thenReturn(new HomeRestorePlan(List.of("move /srv/shared aside"), true));
    when(home.restoreHome(any())).thenReturn(new HomeRestore(List.of("/srv/shared.pre-restore-1")));
    when(db.planRestore(any())).thenReturn(new DatabaseRestorePlan("bitbucket", true, List.of("pg_restore")));
    when(db.restoreDatabase(any())).thenReturn(new DatabaseRestore("bitbucket_pre_restore_1"));
    when(notify.notify(any())).thenReturn(new NotifyResult(0, List.of()));
    when(config.resolveInstance(any())).thenReturn(new ResolvedInstance("prod", "http://bb", BackupMode.ZERO_DOWNTIME,
        List.of(new ResolvedInstance.NodeView("node1", "node1")),
        List.of(host("node1", "node"), host("files", "home"), host("mesh1", "Mesh node mesh-1"), host("mesh2", "Mesh node mesh-2")),
        "btrfs", "postgresql", 7, "files", "files", Duration.ofMinutes(10),
        new RestoreOptions(false, Duration.ofHours(4), false, false, Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofHours(24)), true, Duration.ofHours(24),
        List.of(new ResolvedInstance.MeshView("mesh-1", "mesh1", 7777, "btrfs", true),
            new ResolvedInstance.MeshView("mesh-2", "mesh2", 7778, "btrfs", true))));
  }

  private static void services(HostActivities h, String host, String unit) {
    when(h.ping(any())).thenReturn(new PingAnswer(host, host, "runbook", 1, "test", "agent"));
    when(h.stopServices(any())).thenReturn(new ServiceResult(host, host, ServiceAction.STOP,
        List.of(new ServiceResult.UnitState(unit, "inactive")), "agent"));
    when(h.startServices(any())).thenReturn(new ServiceResult(host, host, ServiceAction.START,
        List.of(new ServiceResult.UnitState(unit, "active")), "agent"));
  }

  private static HostView host(String name, String role) {
    return new HostView(name, HostMode.AGENT, TaskQueues.host(name), List.of(role));
  }

  /** A restore point with the shared home, the database and the homes of {@code mesh}. */
  private void point(String... mesh) {
    List<Artifact> artifacts = new ArrayList<>(List.of(
        new Artifact("home:/srv/shared", Artifact.HOME, "btrfs", "files", "/srv/.snapshots/" + POINT, null, 1),
        new Artifact("db", Artifact.DATABASE, "postgresql", "files", "/backups/" + POINT + "/db", 100L, 1)));
    for (String n : mesh) {
      artifacts.add(new Artifact("home:/srv/mesh", Artifact.HOME, "btrfs", n.replace("-", ""), "/srv/.snapshots/" + POINT, null, 1)
          .asMesh(n));
    }
    catalog.seed(POINT, "prod", Instant.parse("2026-11-21T03:00:00Z"), artifacts);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private RestoreResult restore(String id, boolean planOnly) {
    return env.getWorkflowClient().newWorkflowStub(RestoreWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(id).build())
        .restore(new RestoreInput("prod", "latest", planOnly, true, Trigger.CLI, "alice"));
  }

  @Test
  void everyMeshNodeIsStoppedRestoredAndStartedBeforeBitbucketAndMustBeAvailableBeforeTheRunEnds() {
    point("mesh-1", "mesh-2");
    env.start();

    RestoreResult r = restore("mr1", false);

    var order = inOrder(node1, meshHosts.get(0), meshHosts.get(1), home, db, meshHomes.get(0), meshHomes.get(1), bitbucket);
    order.verify(node1).stopServices(any());
    order.verify(bitbucket).awaitStatus(argThat(w -> !w.running()));
    order.verify(meshHosts.get(0)).stopServices(argThat(q -> q.isMesh() && q.node().equals("mesh-1")));
    order.verify(home).restoreHome(argThat(q -> q.mesh() == null));
    order.verify(meshHomes.get(0)).restoreHome(argThat(q -> "mesh-1".equals(q.mesh()) && q.host().equals("mesh1")));
    order.verify(meshHomes.get(1)).restoreHome(argThat(q -> "mesh-2".equals(q.mesh()) && q.host().equals("mesh2")));
    // Each Mesh home's stale git locks go, on the node's own host, once every home is back and before any Mesh node starts.
    order.verify(meshHosts.get(0)).cleanGitLocks(argThat(q -> "mesh-1".equals(q.mesh()) && q.host().equals("mesh1")));
    order.verify(meshHosts.get(0)).startServices(argThat(q -> q.isMesh() && q.node().equals("mesh-1")));
    order.verify(meshHosts.get(0)).awaitMeshPort(argThat(w -> w.node().equals("mesh-1") && w.host().equals("mesh1")));
    order.verify(node1).startServices(any());
    order.verify(bitbucket).awaitStatus(argThat(StatusWait::running));
    // The shared home and the database are restored at once, both after the Mesh nodes stopped and before
    // any Mesh home.
    var dbOrder = inOrder(meshHosts.get(1), db, meshHomes.get(0));
    dbOrder.verify(meshHosts.get(1)).stopServices(argThat(q -> q.isMesh() && q.node().equals("mesh-2")));
    dbOrder.verify(db).restoreDatabase(any());
    dbOrder.verify(meshHomes.get(0)).restoreHome(argThat(q -> "mesh-1".equals(q.mesh())));
    order.verify(bitbucket).awaitMeshAvailable(argThat(w -> w.names().equals(MESH)));
    verify(meshHosts.get(1)).stopServices(argThat(q -> q.isMesh() && q.node().equals("mesh-2")));
    var second = inOrder(meshHosts.get(1), node1);
    second.verify(meshHosts.get(1)).awaitMeshPort(argThat(w -> w.node().equals("mesh-2")));
    second.verify(node1).startServices(any());
    // Each Mesh home request carries the whole point: the agent picks that node's artifacts, kept under this run's stamp.
    verify(meshHomes.get(1)).restoreHome(argThat(q -> q.artifacts().stream().anyMatch(a -> a.ofMesh("mesh-2"))
        && q.keepStamp() != null && q.keepStamp().matches("\\d{14}")));
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .contains("previous Mesh homes kept as /srv/mesh.pre-restore-mesh1, /srv/mesh.pre-restore-mesh2"));
    var locks = inOrder(meshHomes.get(1), meshHosts.get(1));
    locks.verify(meshHomes.get(1)).restoreHome(any());
    locks.verify(meshHosts.get(1)).cleanGitLocks(argThat(q -> "mesh-2".equals(q.mesh()) && q.host().equals("mesh2")));
    locks.verify(meshHosts.get(1)).startServices(any());
    verify(files).cleanGitLocks(argThat(q -> q.mesh() == null));
    assertThat(r.removedLocks()).containsExactly("mesh-1:/srv/mesh/repositories/1/HEAD.lock");
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).contains("; 1 stale lock(s) removed"));
    assertThat(r.steps()).extracting(s -> s.name()).contains("wait until Mesh node mesh-2 accepts connections on port 7778",
        "wait until Bitbucket reports Mesh node(s) mesh-1, mesh-2 AVAILABLE");
  }

  @Test
  void thePlanListsEveryMeshStepPerNodeAndChangesNothing() {
    point("mesh-1", "mesh-2");
    env.start();

    RestoreResult r = restore("mr2", true);

    assertThat(r.plan().steps()).containsSubsequence(
        "stop Bitbucket's services on node1 on node1; wait until /status no longer answers RUNNING",
        "stop Mesh node mesh-1 on mesh1",
        "stop Mesh node mesh-2 on mesh2",
        "home: move /srv/shared aside",
        "database: pg_restore",
        "Mesh home of mesh-1: move /srv/mesh aside",
        "Mesh home of mesh-2: move /srv/mesh aside",
        "remove stale git lock files from the restored repositories of Mesh node(s) mesh-1, mesh-2, each on its own host, "
            + "before they start",
        "start Mesh node mesh-1 on mesh1; wait until it accepts connections on port 7777 (at most 15 min)",
        "start Mesh node mesh-2 on mesh2; wait until it accepts connections on port 7778 (at most 15 min)",
        "start Bitbucket's services on node1 on node1; wait for /status RUNNING (at most 15 min)",
        "wait until Bitbucket reports Mesh node(s) mesh-1, mesh-2 AVAILABLE (at most 15 min)");
    verify(meshHomes.get(1)).planRestore(argThat(q -> "mesh-2".equals(q.mesh())));
    meshHosts.forEach(h -> verify(h, never()).stopServices(any()));
    meshHomes.forEach(h -> verify(h, never()).restoreHome(any()));
  }

  @Test
  void aRestorePointMadeBeforeTheMeshNodesExistedIsRefusedBeforeAnythingStops() {
    point("mesh-1");
    env.start();

    assertThatThrownBy(() -> restore("mr3", false)).isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INVALID_INPUT));

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .startsWith("restore point " + POINT + " holds no home of Mesh node(s) mesh-2 (it was made before they were configured)"));
    verify(node1, never()).stopServices(any());
    meshHosts.forEach(h -> verify(h, never()).stopServices(any()));
    verify(home, never()).planRestore(any());
  }

  @Test
  void aFailureOnTheSecondMeshHomePutsEveryHomeAndTheDatabaseBackAndStartsMeshThenBitbucket() {
    point("mesh-1", "mesh-2");
    doThrow(ApplicationFailure.newNonRetryableFailure("btrfs: snapshot /srv/.snapshots/x is not a subvolume",
        FailureTypes.PRECONDITION_FAILED)).when(meshHomes.get(1)).restoreHome(any());
    env.start();

    assertThatThrownBy(() -> restore("mr4", false)).isInstanceOf(WorkflowFailedException.class);

    var order = inOrder(meshHomes.get(0), meshHomes.get(1), db, home, meshHosts.get(0), node1);
    order.verify(meshHomes.get(1)).undoRestore(argThat(q -> "mesh-2".equals(q.mesh())));
    order.verify(meshHomes.get(0)).undoRestore(argThat(q -> "mesh-1".equals(q.mesh())));
    order.verify(db).undoRestore(any());
    order.verify(home).undoRestore(argThat(q -> q.mesh() == null));
    order.verify(meshHosts.get(0)).startServices(any());
    order.verify(meshHosts.get(0)).awaitMeshPort(any());
    order.verify(node1).startServices(any());
    verify(meshHosts.get(1), times(1)).startServices(any());
    verify(bitbucket, never()).awaitMeshAvailable(any());
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("btrfs: snapshot /srv/.snapshots/x is not a subvolume"));
  }

  @Test
  void aMeshNodeBitbucketDoesNotReportAvailableUndoesTheRestoreStoppingBitbucketAndMeshFirst() {
    point("mesh-1", "mesh-2");
    when(bitbucket.awaitMeshAvailable(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "Mesh node mesh-2 is OFFLINE after 900 s", FailureTypes.BITBUCKET_STATE));
    env.start();

    assertThatThrownBy(() -> restore("mr5", false)).isInstanceOf(WorkflowFailedException.class);

    var order = inOrder(node1, meshHosts.get(1), meshHomes.get(1), home);
    order.verify(node1).startServices(any());
    order.verify(node1).stopServices(any());
    order.verify(meshHosts.get(1)).stopServices(any());
    order.verify(meshHomes.get(1)).undoRestore(any());
    order.verify(home).undoRestore(any());
    order.verify(meshHosts.get(1)).startServices(any());
    order.verify(node1).startServices(any());
    verify(meshHosts.get(1), times(2)).stopServices(any());
  }
}
