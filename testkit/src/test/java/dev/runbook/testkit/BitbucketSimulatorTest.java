package dev.runbook.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BitbucketSimulatorTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final BitbucketSimulator sim = BitbucketSimulator.builder().version("9.2.1").admin("ops", "pw-1").start();

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void listensOnLoopbackOnly() {
    assertThat(sim.baseUrl().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void statusNeedsNoAuthAndAnswers503WhileStarting() throws Exception {
    assertThat(get("/status", null)).isEqualTo("200 {\"state\":\"RUNNING\"}");
    sim.setState(BitbucketSimulator.ApplicationState.STARTING);
    assertThat(get("/status", null)).isEqualTo("503 {\"state\":\"STARTING\"}");
    sim.setState(BitbucketSimulator.ApplicationState.MAINTENANCE);
    assertThat(get("/status", null)).isEqualTo("200 {\"state\":\"MAINTENANCE\"}");
  }

  @Test
  void applicationPropertiesNeedBasicAuth() throws Exception {
    assertThat(get("/rest/api/1.0/application-properties", null)).startsWith("401 {\"errors\":[");
    assertThat(get("/rest/api/1.0/application-properties", "ops:wrong")).startsWith("401 ");
    assertThat(get("/rest/api/1.0/application-properties", "ops:pw-1"))
        .startsWith("200 ")
        .contains("\"version\":\"9.2.1\"", "\"buildNumber\":\"9002001\"", "\"displayName\":\"Bitbucket\"");
  }

  @Test
  void controlEndpointChangesState() throws Exception {
    HttpRequest put = HttpRequest.newBuilder(sim.baseUrl().resolve("/__simulator/state"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"state\":\"STARTING\"}")).build();
    assertThat(http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(sim.state()).isEqualTo(BitbucketSimulator.ApplicationState.STARTING);
  }

  @Test
  void stoppedSimulatorRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
    URI before = sim.baseUrl();
    sim.setListening(false);
    assertThatThrownBy(() -> get("/status", null)).isInstanceOf(ConnectException.class);
    sim.setListening(true);
    assertThat(sim.baseUrl()).isEqualTo(before);
    assertThat(get("/status", null)).startsWith("200");
    assertThat(sim.hits("GET", "/status")).isEqualTo(1);
  }

  @Test
  void unknownPathIs404() throws Exception {
    assertThat(get("/rest/api/1.0/nope", "ops:pw-1")).startsWith("404 ");
  }

  private String get(String path, String userPass) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(sim.baseUrl().resolve(path));
    if (userPass != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }
}
