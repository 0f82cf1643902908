package dev.runbook.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirroringSimulatorTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PRIMARY_API = "/rest/mirroring/latest";

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final BitbucketSimulator production = track(BitbucketSimulator.builder().admin("ops", "pw-1").start());

  @TempDir
  Path dir;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  @Test
  void mirrorServersArePagedWithStartAndLimit() throws Exception {
    for (int i = 1; i <= 3; i++) {
      var request = production.mirroring().addPendingRequest("AAAA-BBBB-CCCC-000" + i, "m" + i, "http://m" + i);
      assertThat(primary("POST", PRIMARY_API + "/requests/" + request.id() + "/accept").statusCode()).isEqualTo(200);
    }

    JsonNode first = json(primary("GET", PRIMARY_API + "/mirrorServers?limit=2"));
    assertThat(first.get("size").asInt()).isEqualTo(2);
    assertThat(first.get("limit").asInt()).isEqualTo(2);
    assertThat(first.get("isLastPage").asBoolean()).isFalse();
    assertThat(first.get("start").asInt()).isZero();
    assertThat(first.get("nextPageStart").asInt()).isEqualTo(2);
    assertThat(first.get("values").get(0).get("id").asText()).isEqualTo("AAAA-BBBB-CCCC-0001");

    JsonNode last = json(primary("GET", "/rest/mirroring/1.0/mirrorServers?start=2&limit=2"));
    assertThat(last.get("size").asInt()).isEqualTo(1);
    assertThat(last.get("isLastPage").asBoolean()).isTrue();
    assertThat(last.has("nextPageStart")).isFalse();
    JsonNode server = last.get("values").get(0);
    assertThat(server.get("id").asText()).isEqualTo("AAAA-BBBB-CCCC-0003");
    assertThat(server.get("enabled").asBoolean()).isTrue();
    assertThat(server.get("lastSeenDate").isNumber()).isTrue();
    assertThat(server.get("mirrorType").asText()).isEqualTo("SINGLE");
    assertThat(server.get("productType").asText()).isEqualTo("BITBUCKET");
    assertThat(server.has("state")).isFalse();

    JsonNode all = json(primary("GET", PRIMARY_API + "/mirrorServers"));
    assertThat(all.get("limit").asInt()).isEqualTo(25);
    assertThat(all.get("isLastPage").asBoolean()).isTrue();

    JsonNode accepted = json(primary("GET", PRIMARY_API + "/requests?state=ACCEPTED&start=1"));
    assertThat(accepted.get("size").asInt()).isEqualTo(2);
    assertThat(accepted.get("values").get(0).get("id").asInt()).isEqualTo(2);
    assertThat(json(primary("GET", PRIMARY_API + "/requests?state=PENDING")).get("size").asInt()).isZero();
    assertThat(primary("GET", PRIMARY_API + "/mirrorServers/NOPE-NOPE-NOPE-NOPE").statusCode()).isEqualTo(404);
    assertThat(primary("DELETE", PRIMARY_API + "/mirrorServers/NOPE-NOPE-NOPE-NOPE").statusCode()).isEqualTo(404);
    assertThat(primary("GET", PRIMARY_API + "/requests/99").statusCode()).isEqualTo(404);
  }

  @Test
  void everyMirroringEndpointNeedsAdminBasicAuth() throws Exception {
    MirrorSimulator mirror = mirror(MirrorSimulator.builder(production));
    assertThat(send("GET", production.baseUrl(), PRIMARY_API + "/mirrorServers", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", production.baseUrl(), PRIMARY_API + "/requests", "ops:wrong").statusCode()).isEqualTo(401);
    assertThat(send("POST", production.baseUrl(), PRIMARY_API + "/requests/1/accept", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", mirror.baseUrl(), "/rest/mirroring/latest/upstreamServers", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", mirror.baseUrl(), "/mirror?reconnect=1", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", mirror.baseUrl(), "/status", null).body()).isEqualTo("{\"state\":\"RUNNING\"}");
    JsonNode props = json(onMirror(mirror, "GET", "/rest/api/1.0/application-properties"));
    assertThat(props.get("version").asText()).isEqualTo("8.19.4");
  }

  @Test
  void mirrorStartsInstalledSynchronizedAndRegistered() throws Exception {
    MirrorSimulator mirror = mirror(MirrorSimulator.builder(production).name("eu-mirror").id("B0F5-CS21-45C2-CCK3"));
    assertThat(mirror.upstreamState()).isEqualTo("INSTALLED");
    assertThat(mirror.syncedRepos()).isEqualTo(mirror.totalRepos()).isEqualTo(12);
    JsonNode record = json(primary("GET", PRIMARY_API + "/mirrorServers/B0F5-CS21-45C2-CCK3"));
    assertThat(record.get("name").asText()).isEqualTo("eu-mirror");
    assertThat(record.get("baseUrl").asText()).isEqualTo(mirror.baseUrl().toString());
    assertThat(record.get("productVersion").asText()).isEqualTo("8.19.4");
    assertThat(System.currentTimeMillis() - record.get("lastSeenDate").asLong()).isLessThan(1_000);

    production.mirroring().ageLastSeen(mirror.id(), Duration.ofMinutes(47));
    Thread.sleep(300);
    long age = System.currentTimeMillis() - production.mirroring().server(mirror.id()).orElseThrow().lastSeenDate();
    assertThat(age).isBetween(Duration.ofMinutes(47).toMillis(), Duration.ofMinutes(47).toMillis() + 1_000);
  }

  @Test
  void deletionOnStagingRemovesTheProductionMirrorAndLeavesAStaleRecord() throws Exception {
    MirrorSimulator mirror = mirror(MirrorSimulator.builder(production));
    BitbucketSimulator staging = track(BitbucketSimulator.builder().admin("ops", "pw-1").start());
    staging.mirroring().cloneFrom(production.mirroring());
    assertThat(staging.mirroring().server(mirror.id())).isPresent();

    assertThat(send("DELETE", staging.baseUrl(), PRIMARY_API + "/mirrorServers/" + mirror.id(), "ops:pw-1").statusCode())
        .isEqualTo(204);

    assertThat(mirror.upstreamState()).isEqualTo("REMOVED");
    assertThat(json(onMirror(mirror, "GET", "/rest/mirroring/latest/upstreamServers")).get("values").get(0)
        .get("state").asText()).isEqualTo("REMOVED");
    assertThat(staging.mirroring().server(mirror.id())).isEmpty();
    long seen = json(primary("GET", PRIMARY_API + "/mirrorServers/" + mirror.id())).get("lastSeenDate").asLong();
    Thread.sleep(500);
    assertThat(json(primary("GET", PRIMARY_API + "/mirrorServers/" + mirror.id())).get("lastSeenDate").asLong())
        .as("stale: frozen").isEqualTo(seen);
    assertThat(production.mirroring().deletes(mirror.id())).isZero();
    assertThat(staging.mirroring().deletes(mirror.id())).isEqualTo(1);
  }

  @Test
  void reconnectFailsWhileTheStaleRecordIsThereAndRecoversAfterItsDeletion() throws Exception {
    MirrorSimulator mirror = mirror(MirrorSimulator.builder(production));
    var bystander = production.mirroring().addPendingRequest("ZZZZ-ZZZZ-ZZZZ-ZZZZ", "other", "http://other");
    mirror.playStagingDeletion();

    HttpResponse<String> failed = onMirror(mirror, "GET", "/mirror?reconnect=1");
    assertThat(failed.statusCode()).isEqualTo(200);
    assertThat(failed.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(failed.body()).contains("failed");
    assertThat(production.mirroring().requests()).containsExactly(bystander);
    assertThat(mirror.upstreamState()).isEqualTo("REMOVED");

    assertThat(primary("DELETE", PRIMARY_API + "/mirrorServers/" + mirror.id()).statusCode()).isEqualTo(204);
    assertThat(production.mirroring().deletes(mirror.id())).isEqualTo(1);
    assertThat(onMirror(mirror, "GET", "/mirror?reconnect=1").body()).contains("Go to the primary server");
    assertThat(onMirror(mirror, "GET", "/mirror?reconnect=1").body()).contains("already waiting");
    assertThat(mirror.reconnects()).isEqualTo(3);
    assertThat(mirror.upstreamState()).isEqualTo("PENDING");

    JsonNode pending = json(primary("GET", PRIMARY_API + "/requests?state=PENDING"));
    assertThat(pending.get("size").asInt()).isEqualTo(2);
    JsonNode request = pending.get("values").get(1);
    assertThat(request.get("mirrorId").asText()).isEqualTo(mirror.id());
    assertThat(request.get("mirrorBaseUrl").asText()).isEqualTo(mirror.baseUrl().toString());
    assertThat(request.get("mirrorType").asText()).isEqualTo("SINGLE");
    assertThat(request.get("addonDescriptorUri").asText()).startsWith(mirror.baseUrl().toString());

    HttpResponse<String> accepted = primary("POST", PRIMARY_API + "/requests/" + request.get("id").asInt() + "/accept");
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(json(accepted).get("id").asText()).isEqualTo(mirror.id());
    assertThat(primary("POST", PRIMARY_API + "/requests/" + request.get("id").asInt() + "/accept").statusCode())
        .isEqualTo(409);
    assertThat(primary("POST", PRIMARY_API + "/requests/" + request.get("id").asInt() + "/reject").statusCode())
        .isEqualTo(409);

    await(() -> mirror.upstreamState().equals("INSTALLED"));
    await(() -> mirror.syncedRepos() == mirror.totalRepos());
    String progress = "/rest/mirroring/latest/upstreamServers/" + production.mirroring().serverId() + "/progress";
    assertThat(onMirror(mirror, "GET", progress).body())
        .isEqualTo("{\"discovering\":false,\"syncedRepos\":12,\"totalRepos\":12}");
    assertThat(production.mirroring().accepts(mirror.id())).isEqualTo(1);
    assertThat(production.mirroring().requests()).contains(bystander);
    Thread.sleep(300);
    long seen = production.mirroring().server(mirror.id()).orElseThrow().lastSeenDate();
    assertThat(System.currentTimeMillis() - seen).isLessThan(1_000);
  }

  @Test
  void rejectingTheRequestLeavesTheMirrorRemoved() throws Exception {
    MirrorSimulator mirror = mirror(MirrorSimulator.builder(production));
    assertThat(primary("DELETE", PRIMARY_API + "/mirrorServers/" + mirror.id()).statusCode()).isEqualTo(204);
    assertThat(mirror.upstreamState()).as("deleting the live record disables the mirror").isEqualTo("REMOVED");
    onMirror(mirror, "GET", "/mirror?reconnect=1");
    int id = production.mirroring().requests().get(0).id();
    assertThat(primary("POST", PRIMARY_API + "/requests/" + id + "/reject").statusCode()).isEqualTo(200);
    assertThat(mirror.upstreamState()).isEqualTo("REMOVED");
    assertThat(json(primary("GET", PRIMARY_API + "/requests/" + id)).get("state").asText()).isEqualTo("REJECTED");
    assertThat(primary("DELETE", PRIMARY_API + "/requests/" + id).statusCode()).isEqualTo(204);
    assertThat(production.mirroring().requests()).isEmpty();
  }

  @Test
  void eightAndNineServeDifferentMirrorApis() throws Exception {
    MirrorSimulator eight = mirror(MirrorSimulator.builder(production));
    MirrorSimulator nine = mirror(MirrorSimulator.builder(production).version("9.2.1").name("mirror-9"));
    String upstreamId = production.mirroring().serverId();

    JsonNode upstreams = json(onMirror(eight, "GET", "/rest/mirroring/latest/upstreamServers"));
    assertThat(upstreams.get("size").asInt()).isEqualTo(1);
    JsonNode up8 = upstreams.get("values").get(0);
    assertThat(up8.get("id").asText()).isEqualTo(upstreamId);
    assertThat(up8.get("baseUrl").asText()).isEqualTo(production.baseUrl().toString());
    assertThat(up8.get("type").asText()).isEqualTo("BITBUCKET_SERVER");
    assertThat(up8.get("state").asText()).isEqualTo("INSTALLED");
    assertThat(onMirror(eight, "GET", "/rest/mirroring/latest/upstreamServers/" + upstreamId).statusCode()).isEqualTo(200);
    assertThat(onMirror(eight, "GET", "/rest/mirroring/latest/upstreamServers/OTHER/progress").statusCode()).isEqualTo(404);
    for (String nineOnly : List.of("/upstreamServer", "/farmNodes", "/progress", "/supportInfo/repoSyncStatus")) {
      assertThat(onMirror(eight, "GET", "/rest/mirroring/latest" + nineOnly).statusCode()).as(nineOnly).isEqualTo(404);
    }

    JsonNode up9 = json(onMirror(nine, "GET", "/rest/mirroring/latest/upstreamServer"));
    assertThat(up9.get("id").asText()).isEqualTo(upstreamId);
    assertThat(up9.get("state").asText()).isEqualTo("INSTALLED");
    assertThat(onMirror(nine, "GET", "/rest/mirroring/latest/progress").body())
        .isEqualTo("{\"discovering\":false,\"syncedRepos\":12,\"totalRepos\":12}");
    JsonNode repos = json(onMirror(nine, "GET", "/rest/mirroring/latest/supportInfo/repoSyncStatus?limit=5"));
    assertThat(repos.get("size").asInt()).isEqualTo(5);
    assertThat(repos.get("values").get(0).get("upstreamId").asText()).isEqualTo(upstreamId);
    assertThat(repos.get("values").get(0).get("failedSyncCount").asInt()).isZero();
    assertThat(onMirror(nine, "GET", "/rest/mirroring/latest/upstreamServers").statusCode()).isEqualTo(404);
    assertThat(onMirror(nine, "GET", "/rest/mirroring/latest/upstreamServers/" + upstreamId + "/progress").statusCode())
        .isEqualTo(404);

    nine.playStagingDeletion();
    assertThat(json(onMirror(nine, "GET", "/rest/mirroring/latest/upstreamServer")).get("state").asText())
        .isEqualTo("REMOVED");
    primary("DELETE", PRIMARY_API + "/mirrorServers/" + nine.id());
    onMirror(nine, "GET", "/mirror?reconnect=1");
    JsonNode request = json(primary("GET", PRIMARY_API + "/requests?state=PENDING")).get("values").get(0);
    assertThat(request.has("addonDescriptorUri")).as("9.x mirrors send no add-on descriptor").isFalse();
  }

  @Test
  void farmListsItsNodesAndItsFrontAnswersWhileOneNodeIsDown() throws Exception {
    MirrorSimulator farm = mirror(MirrorSimulator.builder(production).nodes(2).version("9.2.1"));
    assertThat(production.mirroring().server(farm.id()).orElseThrow().mirrorType()).isEqualTo("FARM");
    JsonNode nodes = json(onMirror(farm, "GET", "/rest/mirroring/latest/farmNodes")).get("values");
    assertThat(nodes).hasSize(2);
    assertThat(List.of(nodes.get(0).get("address").get("port").asInt(), nodes.get(1).get("address").get("port").asInt()))
        .containsExactly(farm.nodeUrls().get(0).getPort(), farm.nodeUrls().get(1).getPort());
    assertThat(nodes.get(0).get("local").asBoolean() || nodes.get(1).get("local").asBoolean()).isFalse();
    JsonNode viaNode1 = json(send("GET", farm.nodeUrls().get(1), "/rest/mirroring/latest/farmNodes", auth(farm)))
        .get("values");
    assertThat(viaNode1.get(1).get("local").asBoolean()).isTrue();
    assertThat(viaNode1.get(0).get("local").asBoolean()).isFalse();

    Path node0 = dir.resolve("node0.state");
    Path node1 = dir.resolve("node1.state");
    farm.followServiceState(0, node0, Duration.ZERO);
    farm.followServiceState(1, node1, Duration.ZERO);
    Files.writeString(node0, "stopped");
    await(() -> refused(farm.nodeUrls().get(0)));
    assertThat(onMirror(farm, "GET", "/rest/mirroring/latest/upstreamServer").statusCode()).isEqualTo(200);
    assertThat(send("GET", farm.baseUrl(), "/status", null).statusCode()).isEqualTo(200);

    Files.writeString(node1, "stopped");
    await(() -> refused(farm.nodeUrls().get(1)));
    Thread.sleep(250);
    long seen = production.mirroring().server(farm.id()).orElseThrow().lastSeenDate();
    Thread.sleep(500);
    assertThat(production.mirroring().server(farm.id()).orElseThrow().lastSeenDate()).as("no node checks in").isEqualTo(seen);
    HttpResponse<String> balancer = onMirror(farm, "GET", "/rest/mirroring/latest/upstreamServer");
    assertThat(balancer.statusCode()).isEqualTo(503);
    assertThat(balancer.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(send("GET", farm.baseUrl(), "/__simulator/mirror", null).statusCode()).isEqualTo(200);
  }

  @Test
  void stuckSynchronizationContinuesOnlyAfterEveryNodeRestarted() throws Exception {
    MirrorSimulator farm = mirror(MirrorSimulator.builder(production).nodes(2).syncInterval(Duration.ofMillis(20))
        .installDelay(Duration.ofMillis(50)));
    Path node0 = dir.resolve("node0.state");
    Path node1 = dir.resolve("node1.state");
    farm.followServiceState(0, node0, Duration.ofMillis(100));
    farm.followServiceState(1, node1, Duration.ofMillis(100));
    assertThat(send("PUT", farm.baseUrl(), "/__simulator/mirror/sync-stuck", null, "{\"stuck\":true}").statusCode())
        .isEqualTo(200);
    assertThat(send("POST", farm.baseUrl(), "/__simulator/mirror/staging-deletion", null).statusCode()).isEqualTo(200);
    assertThat(json(send("GET", farm.baseUrl(), "/__simulator/mirror", null)).get("state").asText()).isEqualTo("REMOVED");
    primary("DELETE", PRIMARY_API + "/mirrorServers/" + farm.id());
    onMirror(farm, "GET", "/mirror?reconnect=1");
    primary("POST", PRIMARY_API + "/requests/" + production.mirroring().requests().get(0).id() + "/accept");

    await(() -> farm.upstreamState().equals("INSTALLED") && farm.syncedRepos() == 4);
    Thread.sleep(300);
    assertThat(farm.syncedRepos()).as("stuck").isEqualTo(4);

    restart(node0, farm.nodeUrls().get(0));
    Thread.sleep(300);
    assertThat(farm.syncedRepos()).as("one node restarted is not enough").isEqualTo(4);

    restart(node1, farm.nodeUrls().get(1));
    await(() -> farm.syncedRepos() == 12);
    assertThat(farm.upstreamState()).isEqualTo("INSTALLED");
  }

  // --- helpers ---

  private void restart(Path stateFile, URI node) throws Exception {
    Files.writeString(stateFile, "stopped");
    await(() -> refused(node));
    Files.writeString(stateFile, "running");
    await(() -> !refused(node));
  }

  private boolean refused(URI node) {
    try {
      send("GET", node, "/status", null);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private MirrorSimulator mirror(MirrorSimulator.Builder builder) {
    return track(builder.start());
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  private HttpResponse<String> primary(String method, String path) throws IOException, InterruptedException {
    return send(method, production.baseUrl(), path, "ops:pw-1");
  }

  private HttpResponse<String> onMirror(MirrorSimulator mirror, String method, String path)
      throws IOException, InterruptedException {
    return send(method, mirror.baseUrl(), path, auth(mirror));
  }

  private static String auth(MirrorSimulator mirror) {
    return mirror.adminUser() + ":" + mirror.adminPassword();
  }

  private HttpResponse<String> send(String method, URI base, String path, String userPass)
      throws IOException, InterruptedException {
    return send(method, base, path, userPass, null);
  }

  private HttpResponse<String> send(String method, URI base, String path, String userPass, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (userPass != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    return MAPPER.readTree(response.body());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(20);
    }
  }
}
