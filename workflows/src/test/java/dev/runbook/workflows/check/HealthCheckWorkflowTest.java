package dev.runbook.workflows.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.bitbucket.MeshConnectivity;
import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.common.v1.Payload;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthCheckWorkflowTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final BitbucketActivities bitbucket = mock(BitbucketActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    Worker control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(HealthCheckWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, bitbucket, new dev.runbook.workflows.UnpolledQueues());
    client = env.getWorkflowClient();
    when(bitbucket.status(any())).thenReturn(new BitbucketStatus("http://bb/status", 200, "RUNNING"));
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("8.19.4", "8019004", "Bitbucket"));
    when(bitbucket.meshNodes(any())).thenReturn(new MeshNodeList(List.of(SIDECAR)));
  }

  private static final MeshNode SIDECAR = new MeshNode("1", "node1-sidecar", "http://localhost:7777", "AVAILABLE", true);

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static ResolvedInstance instance(BackupMode mode, HostView... hosts) {
    return new ResolvedInstance("prod", "http://bb", mode, List.of(new ResolvedInstance.NodeView("node1", "node1")),
        List.of(hosts), "btrfs", "postgresql", 7, "files", "files", java.time.Duration.ofMinutes(10), null, true, null);
  }

  private static HostView host(String name, HostMode mode) {
    return new HostView(name, mode, TaskQueues.host(name), List.of("node " + name));
  }

  private void agent(String host) {
    HostActivities ping = mock(HostActivities.class, withSettings().withoutAnnotations());
    when(ping.ping(any())).thenReturn(new PingAnswer(host, host + ".example", "runbook", 42, "0.1.0", "agent"));
    env.newWorker(TaskQueues.host(host)).registerActivitiesImplementations(ping);
  }

  private HealthCheckWorkflow stub() {
    return client.newWorkflowStub(HealthCheckWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId("check-prod-test").build());
  }

  @Test
  void theTriggerComesFromWhatTemporalPutOnTheRunNotFromTheInput() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME, host("node1", HostMode.AGENT)));
    agent("node1");
    env.start();
    // The Web UI's form copies an earlier CLI run's input and search attributes, RunbookTrigger=cli
    // included, but not its memo.
    client.newWorkflowStub(HealthCheckWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId("check-from-ui").setTypedSearchAttributes(new RunLabel("check", "prod", Trigger.CLI).searchAttributes())
        .build()).check(new HealthCheckInput("prod", Trigger.CLI, "alice"));
    client.newWorkflowStub(HealthCheckWorkflow.class, TestEnvironments.startedBySchedule("check-scheduled", "nightly-check")
        .build()).check(new HealthCheckInput("prod", Trigger.CLI, "alice"));

    assertThat(catalog.started).extracting(s -> s.trigger() + " by " + s.requestedBy())
        .containsExactly("UI by alice", "SCHEDULE by schedule nightly-check");
  }

  @Test
  void healthyWhenBitbucketRunsAndEveryAgentAnswers() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME,
        host("node1", HostMode.AGENT), host("files", HostMode.LOCAL)));
    agent("node1");
    agent("files");
    env.start();

    HealthCheckResult r = client.newWorkflowStub(HealthCheckWorkflow.class, TestEnvironments.startedByCli("check-prod-test")
        .build()).check(new HealthCheckInput("prod", Trigger.CLI, "alice"));

    assertThat(r.healthy()).isTrue();
    assertThat(r.findings()).isEmpty();
    assertThat(r.version()).isEqualTo("8.19.4");
    assertThat(r.hosts()).extracting(HostCheck::state).containsOnly(HostCheck.State.ANSWERED);
    assertThat(r.hosts().get(0).detail()).contains("node1.example", "runbook", "pid 42");
    assertThat(r.steps()).extracting(s -> s.name() + "=" + s.outcome()).containsExactlyInAnyOrder(
        "resolve configuration=OK", "read Bitbucket /status=OK", "read Bitbucket version=OK",
        "ping host node1=OK", "ping host files=OK", "read Bitbucket's Mesh nodes=OK");
    assertThat(r.steps()).filteredOn(s -> s.name().startsWith("ping host node1")).extracting(s -> s.host())
        .containsExactly("node1");

    assertThat(catalog.started).singleElement().satisfies(s -> {
      assertThat(s.runbook()).isEqualTo("check");
      assertThat(s.trigger()).isEqualTo(Trigger.CLI);
      assertThat(s.requestedBy()).isEqualTo("alice");
      assertThat(s.parameters()).contains("\"instance\":\"prod\"");
    });
    assertThat(catalog.steps).hasSize(6);
    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(f.summary()).isEqualTo("healthy: Bitbucket RUNNING 8.19.4, 2 of 2 hosts answered");
    });
    var attrs = client.fetchHistory("check-prod-test").getLastEvent(); // history exists
    assertThat(attrs).isNotNull();
    var described = env.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(env.getNamespace())
            .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId("check-prod-test"))
            .build());
    assertThat(described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap())
        .containsKeys("RunbookKind", "RunbookInstance", "RunbookTrigger");
  }

  @Test
  void aHostWithoutAgentIsReportedWithItsQueueWithinSeconds() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME,
        host("node1", HostMode.AGENT), host("files", HostMode.AGENT)));
    agent("node1");
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.healthy()).isFalse();
    assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(r.findings()).extracting(HealthFinding::toString).containsExactly("UNHEALTHY: host files (agent): no agent "
        + "answered on runbook-host-files within 5 s (start `runbook agent --host files` there)");
    assertThat(r.steps()).filteredOn(s -> s.name().equals("ping host files"))
        .singleElement().satisfies(s -> {
          assertThat(s.outcome()).isEqualTo(StepOutcome.FAILED);
          assertThat(s.detail()).startsWith("timed out (schedule-to-start): nothing took the step from runbook-host-files within 5 s");
          assertThat(s.duration().toSeconds()).isEqualTo(5);
        });
    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.FAILED);
      assertThat(f.summary()).startsWith("unhealthy: host files (agent): no agent answered");
    });
  }

  @Test
  void bitbucketNotRunningAndOldVersionAreFindings() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME));
    when(bitbucket.status(any())).thenReturn(new BitbucketStatus("http://bb/status", 503, "STARTING"));
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("4.7.2", "4007002", "Bitbucket"));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.healthy()).isFalse();
    assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(r.findings()).extracting(HealthFinding::toString).containsExactly(
        "UNHEALTHY: Bitbucket /status answered STARTING (HTTP 503)",
        "UNHEALTHY: zero-downtime backup needs Bitbucket 4.8 or later; prod runs 4.7.2");
  }

  @Test
  void lockedModeDoesNotNeedVersion48() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.LOCKED));
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("4.7.2", "4007002", "Bitbucket"));
    env.start();

    assertThat(stub().check(HealthCheckInput.of("prod")).healthy()).isTrue();
  }

  private static ResolvedInstance meshInstance(String... meshNodes) {
    ResolvedInstance plain = instance(BackupMode.ZERO_DOWNTIME);
    List<ResolvedInstance.MeshView> mesh = java.util.Arrays.stream(meshNodes)
        .map(n -> new ResolvedInstance.MeshView(n, "host-" + n, 7777, "btrfs", true)).toList();
    return new ResolvedInstance(plain.name(), plain.bitbucketUrl(), plain.mode(), plain.nodes(), plain.hosts(),
        plain.homeProvider(), plain.databaseProvider(), plain.retention(), plain.homeHost(), plain.databaseHost(),
        plain.drainTimeout(), plain.restore(), plain.homePointInTime(), plain.backupDeadline(), mesh);
  }

  private static MeshNode meshNode(String name, String state) {
    return new MeshNode("id-" + name, name, "http://" + name + ":7777", state, false);
  }

  @Test
  void everyMeshNodeMustBeConfiguredRegisteredAndAvailableAndEveryLinkReachable() {
    when(config.resolveInstance(any())).thenReturn(meshInstance("mesh1", "mesh2", "mesh4"));
    when(bitbucket.meshNodes(any())).thenReturn(new MeshNodeList(List.of(SIDECAR, meshNode("mesh1", "AVAILABLE"),
        meshNode("mesh2", "OFFLINE"), meshNode("mesh3", "AVAILABLE"))));
    when(bitbucket.meshConnectivity(any())).thenReturn(new MeshConnectivity(List.of(
        new MeshLink("node1", "BITBUCKET", "mesh1", "MESH", true, 3L, null),
        new MeshLink("node1", "BITBUCKET", "mesh2", "MESH", false, null, "UNAVAILABLE: Connection refused"))));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.healthy()).isFalse();
    assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(r.findings()).extracting(HealthFinding::toString).containsExactly(
        "DEGRADED: Mesh node mesh2 (host host-mesh2) is OFFLINE in Bitbucket, not AVAILABLE: its repositories cannot be "
            + "served",
        "UNHEALTHY: Mesh node mesh4 (host host-mesh4) is not registered in Bitbucket: compare its name with "
            + "Administration > Mesh",
        "UNHEALTHY: Bitbucket has Mesh node mesh3 (http://mesh3:7777) registered, but runbook.yaml does not configure it "
            + "under the instance's mesh: a backup would miss its repositories",
        "DEGRADED: Mesh connectivity: node1 (BITBUCKET) cannot reach mesh2 (MESH): UNAVAILABLE: Connection refused");
    assertThat(r.mesh()).extracting(m -> m.name() + "@" + m.host() + "=" + m.state()).containsExactly(
        "mesh1@host-mesh1=AVAILABLE", "mesh2@host-mesh2=OFFLINE", "mesh4@host-mesh4=NOT REGISTERED", "mesh3@null=AVAILABLE");
    assertThat(r.meshLinks()).hasSize(2);
    assertThat(r.steps()).extracting(s -> s.name() + "=" + s.outcome()).contains(
        "read Bitbucket's Mesh nodes=OK", "read Bitbucket's Mesh connectivity report=OK");
    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.FAILED);
      // The summary names the first finding that makes it UNHEALTHY, not the first one found.
      assertThat(f.summary()).isEqualTo("unhealthy: Mesh node mesh4 (host host-mesh4) is not registered in Bitbucket: "
          + "compare its name with Administration > Mesh (+3 more)");
    });
  }

  @Test
  void aMeshInstanceIsHealthyWhenBitbucketReportsEveryNodeAvailable() {
    when(config.resolveInstance(any())).thenReturn(meshInstance("mesh1", "mesh2"));
    when(bitbucket.meshNodes(any())).thenReturn(new MeshNodeList(List.of(meshNode("mesh2", "AVAILABLE"), SIDECAR,
        meshNode("mesh1", "AVAILABLE"))));
    when(bitbucket.meshConnectivity(any())).thenReturn(new MeshConnectivity(List.of(
        new MeshLink("node1", "BITBUCKET", "mesh1", "MESH", true, 3L, null))));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.findings()).isEmpty();
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary())
        .isEqualTo("healthy: Bitbucket RUNNING 8.19.4, 0 of 0 hosts answered, 2 Mesh nodes AVAILABLE"));
  }

  @Test
  void aConfiguredRegisteredMeshNodeThatIsDownMakesTheCheckDegradedNotUnhealthy() {
    when(config.resolveInstance(any())).thenReturn(meshInstance("mesh1", "mesh2"));
    when(bitbucket.meshNodes(any())).thenReturn(new MeshNodeList(List.of(SIDECAR, meshNode("mesh1", "AVAILABLE"),
        meshNode("mesh2", "OFFLINE"))));
    when(bitbucket.meshConnectivity(any())).thenReturn(new MeshConnectivity(List.of(
        new MeshLink("node1", "BITBUCKET", "mesh1", "MESH", true, 3L, null),
        new MeshLink("node1", "BITBUCKET", "mesh2", "MESH", false, null, "UNAVAILABLE: Connection refused"))));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.verdict()).isEqualTo(HealthVerdict.DEGRADED);
    assertThat(r.healthy()).isFalse();
    assertThat(r.findings()).extracting(HealthFinding::level).containsExactly(HealthVerdict.DEGRADED, HealthVerdict.DEGRADED);
    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.FAILED);
      assertThat(f.summary()).isEqualTo("degraded: Mesh node mesh2 (host host-mesh2) is OFFLINE in Bitbucket, not "
          + "AVAILABLE: its repositories cannot be served (+1 more)");
    });
  }

  @Test
  void aDownMeshNodeWhoseHostDoesNotAnswerEitherIsUnhealthy() {
    ResolvedInstance mesh = meshInstance("mesh2");
    when(config.resolveInstance(any())).thenReturn(new ResolvedInstance(mesh.name(), mesh.bitbucketUrl(), mesh.mode(),
        mesh.nodes(), List.of(host("host-mesh2", HostMode.AGENT)), mesh.homeProvider(), mesh.databaseProvider(),
        mesh.retention(), mesh.homeHost(), mesh.databaseHost(), mesh.drainTimeout(), mesh.restore(), mesh.homePointInTime(),
        mesh.backupDeadline(), mesh.mesh()));
    when(bitbucket.meshNodes(any())).thenReturn(new MeshNodeList(List.of(meshNode("mesh2", "OFFLINE"))));
    when(bitbucket.meshConnectivity(any())).thenReturn(new MeshConnectivity(List.of()));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    // runbook cannot snapshot a home on a host whose agent is silent: that is more than an impaired service.
    assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(r.findings()).extracting(HealthFinding::level).containsExactly(HealthVerdict.UNHEALTHY, HealthVerdict.DEGRADED);
    assertThat(catalog.finished).singleElement().satisfies(f -> assertThat(f.summary()).startsWith(
        "unhealthy: host host-mesh2 (agent): no agent answered"));
  }

  @Test
  void configuredMeshNodesOnABitbucketWithoutTheMeshEndpointAreOneUnhealthyFinding() {
    when(config.resolveInstance(any())).thenReturn(meshInstance("mesh1"));
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("7.21.9", "7021009", "Bitbucket"));
    when(bitbucket.meshNodes(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "http://bb/rest/api/latest/admin/git/mesh/nodes answered HTTP 404", FailureTypes.BITBUCKET_NOT_FOUND));
    // The form activities raised before BitbucketNotFound existed is read the same way.
    when(bitbucket.meshConnectivity(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "http://bb/rest/api/latest/admin/git/mesh/diagnostics/connectivity answered HTTP 404", FailureTypes.BITBUCKET_PROTOCOL));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(r.findings()).extracting(HealthFinding::toString).containsExactly("UNHEALTHY: Bitbucket has no Mesh "
        + "endpoint (http://bb/rest/api/latest/admin/git/mesh/nodes answered HTTP 404; Bitbucket before 8.0 has no Mesh), "
        + "but runbook.yaml configures Mesh nodes mesh1: a backup refuses them; remove them from the instance's mesh: or "
        + "check Bitbucket's version");
    assertThat(r.mesh()).extracting(MeshNodeCheck::state).containsExactly(MeshNodeCheck.NOT_REGISTERED);
  }

  @Test
  void withoutMeshNodesConfiguredAMissingMeshEndpointMeansNoMeshAsForTheBackup() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME));
    when(bitbucket.meshNodes(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "http://bb/rest/api/latest/admin/git/mesh/nodes answered HTTP 404", FailureTypes.BITBUCKET_NOT_FOUND));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.verdict()).isEqualTo(HealthVerdict.HEALTHY);
    assertThat(r.findings()).isEmpty();
  }

  @Test
  void aResultRecordedBeforeVerdictsReadsAsUnhealthyAndANewOneKeepsItsLevels() {
    HealthCheckResult old = GlobalDataConverter.get().fromPayload(json("{\"instance\":\"prod\",\"healthy\":false,"
        + "\"findings\":[\"Mesh node mesh2 (host m2) is OFFLINE in Bitbucket\"],\"hosts\":[],\"steps\":[]}"),
        HealthCheckResult.class, HealthCheckResult.class);
    assertThat(old.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(old.findings()).containsExactly(HealthFinding.unhealthy("Mesh node mesh2 (host m2) is OFFLINE in Bitbucket"));
    HealthCheckResult healthy = GlobalDataConverter.get().fromPayload(json(
        "{\"instance\":\"prod\",\"healthy\":true,\"findings\":[],\"hosts\":[],\"steps\":[]}"),
        HealthCheckResult.class, HealthCheckResult.class);
    assertThat(healthy.verdict()).isEqualTo(HealthVerdict.HEALTHY);

    HealthCheckResult degraded = HealthCheckResult.of("prod", "http://bb", "RUNNING", "8.19.4", List.of(), List.of(),
        List.of(), List.of(HealthFinding.degraded("Mesh node mesh2 (host m2) is OFFLINE in Bitbucket")));
    Payload written = GlobalDataConverter.get().toPayload(degraded).orElseThrow();
    assertThat(written.getData().toStringUtf8()).contains("\"verdict\":\"DEGRADED\"", "\"healthy\":false",
        "{\"level\":\"DEGRADED\",\"text\":\"Mesh node mesh2");
    assertThat(GlobalDataConverter.get().fromPayload(written, HealthCheckResult.class, HealthCheckResult.class))
        .isEqualTo(degraded);
  }

  private static Payload json(String json) {
    return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json)).build();
  }

  @Test
  void unreadableMeshListsAreFindings() {
    when(config.resolveInstance(any())).thenReturn(meshInstance("mesh1"));
    when(bitbucket.meshNodes(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "Bitbucket refused the credentials of user admin (HTTP 403)", FailureTypes.BITBUCKET_AUTH));
    when(bitbucket.meshConnectivity(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "http://bb/rest/api/latest/admin/git/mesh/diagnostics/connectivity answered HTTP 404", FailureTypes.BITBUCKET_PROTOCOL));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.findings()).extracting(HealthFinding::toString).containsExactly(
        "UNHEALTHY: Bitbucket's Mesh nodes could not be read: Bitbucket refused the credentials of user admin (HTTP 403)",
        "DEGRADED: Bitbucket's Mesh connectivity report could not be read: "
            + "http://bb/rest/api/latest/admin/git/mesh/diagnostics/connectivity answered HTTP 404");
    assertThat(r.verdict()).isEqualTo(HealthVerdict.UNHEALTHY);
    assertThat(r.mesh()).extracting(MeshNodeCheck::state).containsExactly((String) null);
    org.mockito.Mockito.verify(bitbucket, org.mockito.Mockito.times(1)).meshNodes(any());
  }

  @Test
  void withoutMeshNodesConfiguredBitbucketBefore8IsNotAskedForThem() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME));
    when(bitbucket.version(any())).thenReturn(new BitbucketVersion("7.21.9", "7021009", "Bitbucket"));
    env.start();

    assertThat(stub().check(HealthCheckInput.of("prod")).healthy()).isTrue();
    org.mockito.Mockito.verify(bitbucket, org.mockito.Mockito.never()).meshNodes(any());
  }

  @Test
  void authFailureIsNotRetriedAndIsAFinding() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME));
    when(bitbucket.version(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "Bitbucket refused the credentials of user admin (HTTP 401)", FailureTypes.BITBUCKET_AUTH));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.findings()).containsExactly(HealthFinding.unhealthy(
        "Bitbucket version could not be read: Bitbucket refused the credentials of user admin (HTTP 401)"));
    org.mockito.Mockito.verify(bitbucket, org.mockito.Mockito.times(1)).version(any());
  }

  @Test
  void anSshHostNobodyServesPointsAtTheControlWorker() {
    when(config.resolveInstance(any())).thenReturn(instance(BackupMode.ZERO_DOWNTIME, host("db", HostMode.SSH)));
    env.start();

    HealthCheckResult r = stub().check(HealthCheckInput.of("prod"));

    assertThat(r.healthy()).isFalse();
    assertThat(r.findings()).singleElement().extracting(HealthFinding::text).asString().startsWith(
        "host db (ssh): nothing answered on runbook-host-db within 5 s (the control worker serves SSH hosts");
  }

  @Test
  void unknownInstanceFailsTheRunAndRecordsWhy() {
    when(config.resolveInstance(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(
        "no instance 'prdo' in /etc/runbook.yaml (known: prod)", FailureTypes.UNKNOWN_INSTANCE));
    env.start();

    assertThatThrownBy(() -> stub().check(HealthCheckInput.of("prdo"))).isInstanceOf(WorkflowFailedException.class);

    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.FAILED);
      assertThat(f.summary()).isEqualTo("no instance 'prdo' in /etc/runbook.yaml (known: prod)");
    });
    assertThat(catalog.steps).singleElement().satisfies(s -> assertThat(s.step().outcome()).isEqualTo(StepOutcome.FAILED));
  }

  @Test
  void anInputWithoutInstanceFailsAndIsRecorded() {
    env.start();
    assertThatThrownBy(() -> stub().check(new HealthCheckInput(null, null, null)))
        .isInstanceOf(WorkflowFailedException.class);
    assertThat(catalog.finished).singleElement().satisfies(f -> {
      assertThat(f.status()).isEqualTo(RunStatus.FAILED);
      assertThat(f.summary()).isEqualTo("the input names no instance; start it with {\"instance\":\"NAME\"}");
    });
  }

  @Test
  void anUnknownTriggerIsRecordedAsManualInsteadOfBreakingTheRun() {
    assertThat(decode("{\"instance\":\"prod\",\"trigger\":\"pager\"}").trigger()).isEqualTo(Trigger.MANUAL);
    assertThat(decode("{\"instance\":\"prod\",\"trigger\":\"Schedule\"}").trigger()).isEqualTo(Trigger.SCHEDULE);
  }

  private static HealthCheckInput decode(String json) {
    Payload typed = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8(json))
        .build();
    return GlobalDataConverter.get().fromPayload(typed, HealthCheckInput.class, HealthCheckInput.class);
  }

  @Test
  void theInputAnOperatorTypesInTheTemporalUiIsEnough() {
    assertThat(decode("{\"instance\":\"prod\"}")).isEqualTo(new HealthCheckInput("prod", Trigger.MANUAL, "unknown"));
  }
}
