package dev.runbook.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testkit.MeshSimulation.Node;
import dev.runbook.testkit.internal.Ports;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshSimulationTest {
  private static final String MESH = "/rest/api/latest/admin/git/mesh";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final BitbucketSimulator sim = BitbucketSimulator.builder().admin("ops", "pw-1").start();
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void listsRegisteredNodesAsTheAdminOnlyWithARealProcessOnEachRpcPort() throws Exception {
    Node one = sim.mesh().addNode("mesh1");
    sim.mesh().addSidecar();
    assertThat(get(MESH + "/nodes", null).path("errors").get(0).path("message").asText()).startsWith("Authentication failed");

    JsonNode page = get(MESH + "/nodes", "ops:pw-1");
    assertThat(page.path("isLastPage").asBoolean()).isTrue();
    assertThat(page.path("values")).hasSize(2);
    JsonNode n = page.path("values").get(0);
    assertThat(n.path("name").asText()).isEqualTo("mesh1");
    assertThat(n.path("rpcUrl").asText()).isEqualTo("http://127.0.0.1:" + one.port());
    assertThat(n.path("state").asText()).isEqualTo("AVAILABLE");
    assertThat(n.path("offline").asBoolean()).isFalse();
    assertThat(page.path("values").get(1).path("rpcUrl").asText()).isEqualTo("http://localhost:7777");
    assertThat(Ports.accepting(one.port())).isTrue();
    assertThat(get(MESH + "/nodes/" + one.id(), "ops:pw-1").path("name").asText()).isEqualTo("mesh1");
    assertThat(sim.mesh().hits("/nodes")).isEqualTo(2);
  }

  @Test
  void pagesLikeBitbucket() throws Exception {
    for (int i = 0; i < 3; i++) {
      sim.mesh().addSidecar();
    }
    JsonNode first = get(MESH + "/nodes?limit=2", "ops:pw-1");
    assertThat(first.path("isLastPage").asBoolean()).isFalse();
    assertThat(first.path("nextPageStart").asInt()).isEqualTo(2);
    JsonNode second = get(MESH + "/nodes?start=2&limit=2", "ops:pw-1");
    assertThat(second.path("isLastPage").asBoolean()).isTrue();
    assertThat(second.path("values")).hasSize(1);
  }

  @Test
  void aStoppedProcessOrABitbucketNotRunningIsOfflineAndTheNodeComesBackOnItsPort() throws Exception {
    Node one = sim.mesh().addNode("mesh1");
    int port = one.port();
    one.setListening(false);
    assertThat(Ports.accepting(port)).isFalse();
    assertThat(stateOf(one)).isEqualTo("OFFLINE");
    assertThat(get(MESH + "/nodes", "ops:pw-1").path("values").get(0).path("offline").asBoolean()).isTrue();

    one.setListening(true);
    assertThat(one.port()).isEqualTo(port);
    assertThat(Ports.accepting(port)).isTrue();
    assertThat(stateOf(one)).isEqualTo("AVAILABLE");

    sim.setState(BitbucketSimulator.ApplicationState.STARTING);
    assertThat(stateOf(one)).isEqualTo("OFFLINE");
  }

  @Test
  void forcedStatesAndUnregisteredNodes() throws Exception {
    Node one = sim.mesh().addNode("mesh1");
    sim.mesh().setOffline("mesh1", true);
    assertThat(stateOf(one)).isEqualTo("OFFLINE");
    sim.mesh().forceState("mesh1", "DRAINING");
    assertThat(stateOf(one)).isEqualTo("DRAINING");
    sim.mesh().setOffline("mesh1", false);
    assertThat(stateOf(one)).isEqualTo("AVAILABLE");

    sim.mesh().unregister("mesh1");
    assertThat(get(MESH + "/nodes", "ops:pw-1").path("values")).isEmpty();
    assertThat(get(MESH + "/nodes/" + one.id(), "ops:pw-1").path("errors").get(0).path("message").asText())
        .isEqualTo("Mesh node " + one.id() + " does not exist");
    assertThat(Ports.accepting(one.port())).as("unregistering does not stop the process").isTrue();
  }

  @Test
  void followsTheServiceStateFile() throws Exception {
    Node one = sim.mesh().addNode("mesh1");
    int port = one.port();
    Path state = dir.resolve("mesh1.state");
    Files.writeString(state, "running");
    one.followServiceState(state, Duration.ofMillis(300));

    Files.writeString(state, "stopped");
    await(() -> !Ports.accepting(port));
    assertThat(stateOf(one)).isEqualTo("OFFLINE");
    Files.writeString(state, "running");
    await(() -> Ports.accepting(port));
    assertThat(stateOf(one)).isEqualTo("AVAILABLE");
  }

  @Test
  void connectivityReportsAStoppedNodeUnreachableFromEveryOtherNode() throws Exception {
    sim.mesh().addNode("mesh1");
    Node two = sim.mesh().addNode("mesh2");
    sim.mesh().addSidecar();
    two.setListening(false);

    JsonNode reports = get(MESH + "/diagnostics/connectivity", "ops:pw-1").path("reports");
    assertThat(reports).hasSize(2); // Bitbucket's node and mesh1; the stopped mesh2 reports nothing
    JsonNode fromBitbucket = reports.get(0);
    assertThat(fromBitbucket.path("node").path("type").asText()).isEqualTo("BITBUCKET");
    assertThat(fromBitbucket.path("summaries")).hasSize(2);
    JsonNode toOne = fromBitbucket.path("summaries").get(0);
    assertThat(toOne.path("node").path("name").asText()).isEqualTo("mesh1");
    assertThat(toOne.path("summary").path("reachable").asBoolean()).isTrue();
    JsonNode toTwo = fromBitbucket.path("summaries").get(1).path("summary");
    assertThat(toTwo.path("reachable").asBoolean()).isFalse();
    assertThat(toTwo.path("errorMessage").asText()).contains("Connection refused");
    JsonNode fromOne = reports.get(1);
    assertThat(fromOne.path("node").path("name").asText()).isEqualTo("mesh1");
    assertThat(fromOne.path("summaries")).hasSize(1);
    assertThat(fromOne.path("summaries").get(0).path("node").path("name").asText()).isEqualTo("mesh2");
  }

  @Test
  void closingTheSimulatorStopsEveryMeshProcess() {
    Node one = sim.mesh().addNode("mesh1");
    sim.mesh().unregister("mesh1");
    sim.close();
    assertThat(Ports.accepting(one.port())).isFalse();
  }

  private String stateOf(Node node) throws Exception {
    return get(MESH + "/nodes/" + node.id(), "ops:pw-1").path("state").asText();
  }

  private JsonNode get(String path, String userPass) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(sim.baseUrl().resolve(path));
    if (userPass != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
    }
    return JSON.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
