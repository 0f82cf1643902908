package dev.runbook.workflows.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
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
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.bitbucket.MaintenanceLock;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
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
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import dev.runbook.workflows.run.Failures;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The backup of an instance with two Bitbucket Mesh nodes, each on its own host with its own home. */
class MeshBackupWorkflowTest {
  static final Instant NOW = Instant.parse("2026-11-21T03:00:00Z");

  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final BitbucketActivities bitbucket = mock(BitbucketActivities.class, withSettings().withoutAnnotations());
  private final NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
  private final HomeActivities home = mock(HomeActivities.class, withSettings().withoutAnnotations());
  private final DatabaseActivities db = mock(DatabaseActivities.class, withSettings().withoutAnnotations());
  private final Map<String, HomeActivities> meshHomes = Map.of(
      "mesh1", mock(HomeActivities.class, withSettings().withoutAnnotations()),
      "mesh2", mock(HomeActivities.class, withSettings().withoutAnnotations()));

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, PruneWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, bitbucket, notify);
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("8.19.4", "8019004", "Bitbucket"));
    when(bitbucket.lock(any())).thenReturn(new MaintenanceLock("unlock-token", "cancel-token"));
    registered(node("mesh-1"), node("mesh-2"), new MeshNode("9", "sidecar-9", "http://localhost:7777", "AVAILABLE", true));
    when(notify.notify(any())).thenReturn(new NotifyResult(1, List.of()));
    when(db.checkDatabase(any())).thenReturn(new DatabaseCheck("postgresql", List.of("reachable")));
    when(db.dumpDatabase(any())).thenAnswer(i -> {
      String id = ((DatabaseRequest) i.getArgument(0)).restorePointId();
      return new DatabaseDump(new Artifact("db", Artifact.DATABASE, "postgresql", "db", "/backups/" + id + "/db", 4096L, 300),
          NOW, NOW.plusMillis(300));
    });
    homeAnswers(home, "files", null);
    meshHomes.forEach((host, h) -> homeAnswers(h, host, host.equals("mesh1") ? "mesh-1" : "mesh-2"));
    for (String host : List.of("files", "db", "mesh1", "mesh2")) {
      HostActivities ping = mock(HostActivities.class, withSettings().withoutAnnotations());
      when(ping.ping(any())).thenReturn(new PingAnswer(host, host, "runbook", 1, "test", "agent"));
      Object steps = host.equals("files") ? home : host.equals("db") ? db : meshHomes.get(host);
      env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(ping, steps);
    }
  }

  /** The provider's answers on {@code host}, as the agent gives them: a Mesh node's named and kinded as its. */
  private static void homeAnswers(HomeActivities h, String host, String node) {
    when(h.checkHome(any())).thenReturn(new HomeCheck("btrfs", List.of(host + ": btrfs subvolume")));
    when(h.snapshotHome(any())).thenAnswer(i -> {
      String id = ((HomeRequest) i.getArgument(0)).restorePointId();
      Artifact a = new Artifact("home:/srv/" + host, Artifact.HOME, "btrfs", host, "/srv/.snapshots/" + id, null, 20);
      return new HomeSnapshot(List.of(node == null ? a : a.asMesh(node)), NOW, null, null, NOW.plusMillis(20));
    });
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static MeshNode node(String name) {
    return new MeshNode(name.substring(5), name, "http://" + name + ".example.com:7777", "AVAILABLE", false);
  }

  private void registered(MeshNode... nodes) {
    org.mockito.Mockito.doReturn(new MeshNodeList(List.of(nodes))).when(bitbucket).meshNodes(any());
  }

  private void instance(BackupMode mode, int keep, boolean meshPointInTime, String... mesh) {
    List<ResolvedInstance.MeshView> views = java.util.Arrays.stream(mesh).map(n -> new ResolvedInstance.MeshView(n,
        n.replace("-", ""), 7777, meshPointInTime ? "btrfs" : "rsync", meshPointInTime)).toList();
    when(config.resolveInstance(any())).thenReturn(new ResolvedInstance("prod", "http://bb", mode,
        List.of(new ResolvedInstance.NodeView("node1", "files")),
        List.of(host("files", "home"), host("db", "database"), host("mesh1", "Mesh node mesh-1"), host("mesh2", "Mesh node mesh-2")),
        "btrfs", "postgresql", keep, "files", "db", Duration.ofMinutes(10), null, true, Duration.ofHours(24), views));
  }

  private static HostView host(String name, String role) {
    return new HostView(name, HostMode.AGENT, TaskQueues.host(name), List.of(role));
  }

  private BackupWorkflow workflow(String id) {
    return env.getWorkflowClient().newWorkflowStub(BackupWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(id).build());
  }

  private static HomeRequest onlyCall(HomeActivities h, String what) {
    ArgumentCaptor<HomeRequest> c = ArgumentCaptor.forClass(HomeRequest.class);
    switch (what) {
      case "check" -> verify(h).checkHome(c.capture());
      case "snapshot" -> verify(h).snapshotHome(c.capture());
      default -> verify(h).deleteHomeSnapshot(c.capture());
    }
    return c.getValue();
  }

  @Test
  void everyMeshHomeIsCheckedAndSnapshottedOnItsHostUnderTheRestorePointAndRecordedWithIt() {
    instance(BackupMode.ZERO_DOWNTIME, 7, true, "mesh-1", "mesh-2");
    env.start();

    BackupResult r = workflow("m1").backup(new BackupInput("prod", null, "alice"));

    assertThat(r.artifacts()).extracting(Artifact::kind)
        .containsExactly(Artifact.HOME, Artifact.MESH_HOME, Artifact.MESH_HOME, Artifact.DATABASE);
    assertThat(r.artifacts()).filteredOn(a -> Artifact.MESH_HOME.equals(a.kind())).extracting(Artifact::name, Artifact::host)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("mesh:mesh-1:home:/srv/mesh1", "mesh1"),
            org.assertj.core.groups.Tuple.tuple("mesh:mesh-2:home:/srv/mesh2", "mesh2"));
    var point = catalog.points.get(r.restorePointId());
    assertThat(point.status()).isEqualTo(RestorePointStatus.COMPLETE);
    assertThat(point.artifacts()).filteredOn(a -> a.ofMesh("mesh-1")).hasSize(1);
    assertThat(point.artifacts()).filteredOn(a -> a.ofMesh("mesh-2")).hasSize(1);
    for (String host : List.of("mesh1", "mesh2")) {
      HomeRequest check = onlyCall(meshHomes.get(host), "check");
      assertThat(check.mesh()).isEqualTo(host.equals("mesh1") ? "mesh-1" : "mesh-2");
      assertThat(check.host()).isEqualTo(host);
      HomeRequest snap = onlyCall(meshHomes.get(host), "snapshot");
      assertThat(snap.restorePointId()).isEqualTo(r.restorePointId());
      assertThat(snap.mesh()).isEqualTo(check.mesh());
    }
    assertThat(onlyCall(home, "snapshot").mesh()).isNull();
    assertThat(r.steps()).extracting(s -> s.name()).contains("compare Bitbucket's Mesh nodes with the configuration",
        "check Mesh home of mesh-1 (btrfs)", "check Mesh home of mesh-2 (btrfs)", "snapshot Mesh home of mesh-1",
        "snapshot Mesh home of mesh-2");
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).contains("Mesh homes of mesh-1, mesh-2"));
  }

  @Test
  void aRegisteredNodeThatIsNotConfiguredRefusesTheBackupBeforeAnythingChanges() {
    instance(BackupMode.ZERO_DOWNTIME, 7, true, "mesh-1", "mesh-2");
    registered(node("mesh-1"), node("mesh-2"), node("mesh-3"));
    env.start();

    assertThatThrownBy(() -> workflow("m2").backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.CONFIG_INVALID));

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .startsWith("Bitbucket has registered Mesh node 'mesh-3' (http://mesh-3.example.com:7777, AVAILABLE) but prod "
            + "configures no such node").contains("add it under the instance's mesh:").endsWith("nothing was changed"));
    assertThat(catalog.changes).isEmpty();
    meshHomes.values().forEach(h -> verify(h, never()).snapshotHome(any()));
    verify(home, never()).snapshotHome(any());
  }

  @Test
  void aConfiguredNodeThatBitbucketHasNotRegisteredRefusesTheBackup() {
    instance(BackupMode.LOCKED, 7, false, "mesh-1", "mesh-2");
    registered(node("mesh-1"));
    env.start();

    assertThatThrownBy(() -> workflow("m3").backup(new BackupInput("prod", null, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.BITBUCKET_STATE));

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .startsWith("prod configures Mesh node 'mesh-2' (host mesh2) but Bitbucket has not registered it (registered: mesh-1)"));
    verify(bitbucket, never()).lock(any());
    assertThat(catalog.changes).isEmpty();
  }

  @Test
  void anInstanceWithoutMeshBacksUpWhenBitbucketHasNoMeshEndpointOrOnlySidecars() {
    instance(BackupMode.ZERO_DOWNTIME, 7, true);
    doThrow(ApplicationFailure.newNonRetryableFailure("http://bb/rest/api/latest/admin/git/mesh/nodes?start=0&limit=100 "
        + "answered HTTP 404", FailureTypes.BITBUCKET_NOT_FOUND)).when(bitbucket).meshNodes(any());
    env.start();

    BackupResult before8 = workflow("m4").backup(new BackupInput("prod", null, null));
    // As activities raised the 404 before BitbucketNotFound existed (recorded histories hold it).
    doThrow(ApplicationFailure.newNonRetryableFailure("http://bb/rest/api/latest/admin/git/mesh/nodes?start=0&limit=100 "
        + "answered HTTP 404", FailureTypes.BITBUCKET_PROTOCOL)).when(bitbucket).meshNodes(any());
    BackupResult before8Old = workflow("m4o").backup(new BackupInput("prod", null, null));
    registered(new MeshNode("9", "sidecar-9", "http://localhost:7777", "AVAILABLE", true));
    BackupResult sidecars = workflow("m4b").backup(new BackupInput("prod", null, null));

    for (BackupResult r : List.of(before8, before8Old, sidecars)) {
      assertThat(r.artifacts()).extracting(Artifact::kind).containsExactly(Artifact.HOME, Artifact.DATABASE);
      assertThat(catalog.points.get(r.restorePointId()).status()).isEqualTo(RestorePointStatus.COMPLETE);
    }
    meshHomes.values().forEach(h -> verify(h, never()).checkHome(any()));
  }

  @Test
  void aMeshHomeWhoseProviderIsNotPointInTimeIsRefusedForZeroDowntime() {
    instance(BackupMode.ZERO_DOWNTIME, 7, false, "mesh-1", "mesh-2");
    env.start();

    assertThatThrownBy(() -> workflow("m5").backup(new BackupInput("prod", null, null))).isInstanceOf(WorkflowFailedException.class);

    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("the home of Mesh node mesh-1 uses rsync, which is not a point-in-time snapshot: use mode: locked"));
    assertThat(catalog.changes).isEmpty();
  }

  @Test
  void aFailedMeshSnapshotDeletesEverySnapshotOnItsOwnHostAndRecordsThePointFailed() {
    instance(BackupMode.LOCKED, 7, false, "mesh-1", "mesh-2");
    doThrow(ApplicationFailure.newNonRetryableFailure("btrfs subvolume snapshot failed on mesh2: no space left",
        FailureTypes.PRECONDITION_FAILED)).when(meshHomes.get("mesh2")).snapshotHome(any());
    env.start();

    assertThatThrownBy(() -> workflow("m6").backup(new BackupInput("prod", null, null))).isInstanceOf(WorkflowFailedException.class);

    HomeRequest mesh1 = onlyCall(meshHomes.get("mesh1"), "delete");
    HomeRequest mesh2 = onlyCall(meshHomes.get("mesh2"), "delete");
    assertThat(List.of(mesh1.mesh(), mesh2.mesh())).containsExactly("mesh-1", "mesh-2");
    HomeRequest shared = onlyCall(home, "delete");
    assertThat(shared.mesh()).isNull();
    verify(db).deleteDatabaseDump(any());
    assertThat(mesh1.restorePointId()).isEqualTo(shared.restorePointId()).isEqualTo(mesh2.restorePointId());
    var point = catalog.points.get(shared.restorePointId());
    assertThat(point.status()).isEqualTo(RestorePointStatus.FAILED);
    assertThat(point.detail()).isEqualTo("btrfs subvolume snapshot failed on mesh2: no space left; everything it made was deleted");
    var order = inOrder(bitbucket, meshHomes.get("mesh1"));
    order.verify(bitbucket).lock(any());
    order.verify(meshHomes.get("mesh1")).snapshotHome(any());
    order.verify(bitbucket).unlock(any());
  }

  @Test
  void retentionDeletesEachMeshSnapshotOnItsNodesHost() {
    instance(BackupMode.ZERO_DOWNTIME, 1, true, "mesh-1", "mesh-2");
    String old = "prod-20261101T030000Z";
    catalog.seed(old, "prod", NOW.minusSeconds(86400 * 20), List.of(
        new Artifact("home:/srv/files", Artifact.HOME, "btrfs", "files", "/srv/.snapshots/" + old, null, 1),
        new Artifact("home:/srv/mesh1", Artifact.HOME, "btrfs", "mesh1", "/srv/.snapshots/" + old, null, 1).asMesh("mesh-1"),
        new Artifact("home:/srv/mesh2", Artifact.HOME, "btrfs", "mesh2", "/srv/.snapshots/" + old, null, 1).asMesh("mesh-2"),
        new Artifact("db", Artifact.DATABASE, "postgresql", "db", "/backups/" + old + "/db", 100L, 1)));
    env.start();

    BackupResult r = workflow("m7").backup(new BackupInput("prod", null, null));

    assertThat(r.pruned()).containsExactly(old);
    for (String host : List.of("mesh1", "mesh2")) {
      HomeRequest deleted = onlyCall(meshHomes.get(host), "delete");
      assertThat(deleted.restorePointId()).isEqualTo(old);
      assertThat(deleted.host()).isEqualTo(host);
      assertThat(deleted.mesh()).isEqualTo(host.equals("mesh1") ? "mesh-1" : "mesh-2");
      assertThat(deleted.artifacts()).filteredOn(a -> a.ofMesh(deleted.mesh())).hasSize(1);
    }
    assertThat(onlyCall(home, "delete").artifacts()).extracting(Artifact::kind).containsExactly(Artifact.HOME);
    assertThat(catalog.points.get(old).status()).isEqualTo(RestorePointStatus.DELETED);
  }
}
