package dev.runbook.activities.bitbucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.MeshSimulation;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import dev.runbook.workflows.bitbucket.MeshWait;
import dev.runbook.workflows.run.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mesh calls of {@link BitbucketActivitiesImpl} against the simulator's Mesh endpoints. */
class MeshActivitiesTest {
  @TempDir
  Path dir;
  private BitbucketSimulator sim;
  private ConfigSource config;
  private TestActivityEnvironment env;

  @BeforeEach
  void setUp() throws Exception {
    sim = BitbucketSimulator.builder().admin("ops", "mesh-pw").start();
    Path file = dir.resolve("runbook.yaml");
    Files.writeString(file, """
        hosts: [{name: files}]
        instances:
          - name: prod
            bitbucket: {baseUrl: %s, username: ops, password: env:BB_PW}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /srv/backups}
        """.formatted(sim.baseUrl()));
    config = new ConfigSource(file);
    env = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    env.close();
    sim.close();
  }

  private BitbucketActivities activities(String password) {
    env.registerActivitiesImplementations(new BitbucketActivitiesImpl(config, new Secrets(Map.of("BB_PW", password))));
    return env.newActivityStub(BitbucketActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @Test
  void readsEveryPageAndFlagsTheSidecars() {
    MeshSimulation.Node one = sim.mesh().addNode("mesh1");
    for (int i = 0; i < 105; i++) {
      sim.mesh().addSidecar(); // more members than one page of 100
    }
    sim.mesh().addNode("mesh2").setListening(false);

    MeshNodeList list = activities("mesh-pw").meshNodes(new BitbucketRequest("prod"));

    assertThat(sim.mesh().hits("/nodes")).isEqualTo(2);
    assertThat(list.nodes()).hasSize(107);
    assertThat(list.nodes().get(1).sidecar()).isTrue();
    assertThat(list.nodes().get(1).rpcUrl()).isEqualTo("http://localhost:7777");
    assertThat(list.meshNodes()).extracting(MeshNode::name, MeshNode::state, MeshNode::sidecar)
        .containsExactly(tuple("mesh1", "AVAILABLE", false),
            tuple("mesh2", "OFFLINE", false));
    assertThat(list.meshNodes().get(0).rpcUrl()).isEqualTo("http://127.0.0.1:" + one.port());
    assertThat(list.meshNodes().get(0).id()).isEqualTo(one.id());
  }

  @Test
  void wrongCredentialsAreNotRetryable() {
    sim.mesh().addNode("mesh1");
    assertThatThrownBy(() -> activities("not-the-pw").meshNodes(new BitbucketRequest("prod")))
        .isInstanceOfSatisfying(ActivityFailure.class, f -> {
          ApplicationFailure cause = (ApplicationFailure) f.getCause();
          assertThat(cause.getType()).isEqualTo(FailureTypes.BITBUCKET_AUTH);
          assertThat(cause.isNonRetryable()).isTrue();
          assertThat(cause.getOriginalMessage()).startsWith("Bitbucket refused the credentials of user ops (HTTP 401")
              .doesNotContain("not-the-pw");
        });
  }

  @Test
  void theConnectivityReportNamesTheUnreachableLinks() {
    sim.mesh().addNode("mesh1");
    sim.mesh().addNode("mesh2").setListening(false);

    var report = activities("mesh-pw").meshConnectivity(new BitbucketRequest("prod"));

    assertThat(report.links()).hasSize(3); // Bitbucket's node to both, mesh1 to mesh2
    assertThat(report.unreachable()).extracting(MeshLink::from, MeshLink::fromType, MeshLink::to, MeshLink::toType)
        .containsExactly(tuple(MeshSimulation.BITBUCKET_NODE, "BITBUCKET", "mesh2", "MESH"),
            tuple("mesh1", "MESH", "mesh2", "MESH"));
    assertThat(report.unreachable().get(0).error()).contains("Connection refused");
    MeshLink reached = report.links().get(0);
    assertThat(reached.to()).isEqualTo("mesh1");
    assertThat(reached.reachable()).isTrue();
    assertThat(reached.roundTripMs()).isNotNull();
  }

  @Test
  void theWaitEndsOnceEveryNamedNodeIsAvailableAndBitbucketNotAnsweringIsNotYet() throws Exception {
    MeshSimulation.Node two = sim.mesh().addNode("mesh2");
    sim.mesh().addNode("mesh1");
    two.setListening(false);
    sim.setListening(false); // Bitbucket itself is still down
    BitbucketActivities bitbucket = activities("mesh-pw");
    Thread starter = new Thread(() -> {
      try {
        Thread.sleep(1500);
        sim.setListening(true);
        Thread.sleep(1500);
        two.setListening(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    starter.start();

    MeshNodeList list = bitbucket.awaitMeshAvailable(new MeshWait("prod", List.of("mesh1", "mesh2"), Duration.ofSeconds(40)));

    starter.join();
    assertThat(list.named("mesh2")).get().extracting(MeshNode::state).isEqualTo("AVAILABLE");
    assertThat(list.named("mesh1")).get().extracting(MeshNode::available).isEqualTo(true);
  }

  @Test
  void theWaitTimesOutNamingEachNodeNotAvailableAndItsLastState() {
    sim.mesh().addNode("mesh1");
    sim.mesh().addNode("mesh2").setListening(false);
    sim.mesh().addSidecar();

    assertThatThrownBy(() -> activities("mesh-pw")
        .awaitMeshAvailable(new MeshWait("prod", List.of("mesh1", "mesh2", "mesh3"), Duration.ofSeconds(2))))
        .isInstanceOfSatisfying(ActivityFailure.class, f -> {
          ApplicationFailure cause = (ApplicationFailure) f.getCause();
          assertThat(cause.getType()).isEqualTo(FailureTypes.BITBUCKET_STATE);
          assertThat(cause.isNonRetryable()).isTrue();
          assertThat(Failures.describe(f)).startsWith("Bitbucket did not report every Mesh node AVAILABLE within 2 s: "
              + "mesh2 (OFFLINE), mesh3 (not registered)");
        });
  }

  @Test
  void aSidecarIsNeverTakenForARegisteredMeshNode() {
    sim.mesh().addSidecar();
    String sidecar = sim.mesh().nodes().get(0).name();
    assertThatThrownBy(() -> activities("mesh-pw")
        .awaitMeshAvailable(new MeshWait("prod", List.of(sidecar), Duration.ofSeconds(1))))
        .satisfies(t -> assertThat(Failures.describe(t)).contains(sidecar + " (not registered)"));
  }
}
