package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.ConfigLoader;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WebhooksConfig;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.MirrorSimulator;
import dev.runbook.testkit.TestCertificates;
import dev.runbook.testkit.internal.Ports;
import dev.runbook.worker.LocalStack;
import dev.runbook.worker.webhook.RequestAuth;
import dev.runbook.worker.webhook.WebhookServer;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.home.Artifact;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident webhook over real HTTP, against Temporal's real server and real workers: signed and
 * token-authenticated alerts start their runbook once per incident, every bad request starts nothing,
 * and a data-loss alert's restore waits for a person, who is told so through the instance's targets.
 */
class WebhookEndToEndTest {
  static final String HMAC_SECRET = "hmac-secret-for-tests";
  static final String TOKEN = "alertmanager-token-for-tests";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path dir;
  static BitbucketSimulator prod;
  static MirrorSimulator eu;
  static LocalStack stack;
  static Catalog catalog;
  static WebhookServer webhook;
  static HttpServer receiver;
  static final List<String> received = new CopyOnWriteArrayList<>();
  static Path config;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    prod = BitbucketSimulator.builder().admin("admin", "primary-secret").start();
    eu = MirrorSimulator.builder(prod).name("eu").version("9.2.0").nodes(1).admin("admin", "mirror-secret")
        .syncInterval(Duration.ofMillis(50)).installDelay(Duration.ofMillis(200)).start();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", exchange -> {
      received.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    String pager = "http://127.0.0.1:" + receiver.getAddress().getPort();
    Path restoreScript = TestFiles.script(dir, "restore.sh", "echo restored");
    int port = Ports.free();
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        temporal: {uiUrl: 'http://127.0.0.1:18233/'}
        hosts: [{name: local, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [/srv/prod], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: local, name: bb, user: bb, backupRoot: /tmp}
          - name: data
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [/srv/data], snapshot: {provider: command, snapshot: %3$s, restore: %3$s}}
            database: {provider: postgresql-fslevel, host: local, dataDirectory: /srv/data/postgresql}
            restore: {requireApproval: false}
            notifications:
              webhooks:
                - {name: pager, url: 'file:%4$s'}
                - {name: chat, url: 'file:%5$s', format: slack}
        mirrors:
          - {name: eu, primary: prod, baseUrl: '%6$s', username: admin, password: 'file:%7$s',
             recovery: {installTimeout: 20s, syncTimeout: 30s, pollInterval: 200ms, requireApproval: false}}
        webhooks:
          port: %8$d
          rateLimit: {perMinute: 600, burst: 100}
          hooks:
            - name: monitor
              path: /hooks/monitor
              auth: hmac
              secret: 'file:%9$s'
              rules:
                - {alert: BitbucketDown, labels: {instance: prod}, runbook: check, target: prod}
                - {alert: DataLoss, labels: {instance: data}, runbook: restore, target: data}
            - name: alertmanager
              path: /hooks/alertmanager
              auth: bearer
              secret: 'file:%10$s'
              rules:
                - {alert: MirrorRemoved, labels: {mirror: eu}, runbook: mirror-recovery, target: eu}
                - {alert: BitbucketDown, runbook: check, target: prod}
        """.formatted(prod.baseUrl(), TestFiles.secret(dir, "bb-password", "primary-secret"), restoreScript,
        TestFiles.secret(dir, "pager-url", pager + "/pager"), TestFiles.secret(dir, "chat-url", pager + "/chat"),
        eu.baseUrl(), TestFiles.secret(dir, "mirror-password", "mirror-secret"), port,
        TestFiles.secret(dir, "hmac", HMAC_SECRET), TestFiles.secret(dir, "token", TOKEN)));
    Path catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
    catalog = Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of()));
    RunbookConfig c = ConfigLoader.load(config);
    webhook = WebhookServer.start(c.webhooks(), stack.client(), catalog, new Secrets());
    base = webhook.address();
  }

  @AfterAll
  static void stop() throws Exception {
    if (receiver != null) {
      receiver.stop(0);
    }
    TestStacks.closeAll(webhook, stack, eu, prod);
  }

  @Test
  void aSignedAlertStartsOneRunRecordedAsAnIncidentAndAResendFindsIt() throws Exception {
    String body = "{\"alert\":\"BitbucketDown\",\"labels\":{\"instance\":\"prod\"},\"key\":\"inc-1\",\"status\":\"firing\"}";
    HttpResponse<String> first = signed("/hooks/monitor", body, Instant.now());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    JsonNode run = JSON.readTree(first.body()).get("alerts").get(0);
    assertThat(run.get("result").asText()).isEqualTo("started");
    String workflowId = run.get("workflowId").asText();
    assertThat(workflowId).startsWith("incident-check-prod-");

    RunRecord recorded = awaitRecorded(workflowId);
    assertThat(recorded.trigger()).isEqualTo("incident");
    assertThat(recorded.requestedBy()).isEqualTo("webhook monitor");
    assertThat(recorded.id()).isEqualTo(run.get("runId").asText());
    var described = stack.client().newUntypedWorkflowStub(workflowId).describe();
    assertThat(described.getTypedSearchAttributes().get(RunbookSearchAttributes.TRIGGER)).isEqualTo("incident");
    assertThat(described.getTypedSearchAttributes().get(RunbookSearchAttributes.KIND)).isEqualTo("check");
    assertThat(described.getStaticSummary()).isEqualTo("check of prod (incident)");

    HttpResponse<String> again = signed("/hooks/monitor", body, Instant.now());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("alerts").get(0).get("runId").asText()).isEqualTo(recorded.id());
  }

  @Test
  void twentyIdenticalAlertsSentAtOnceStartOneRun() throws Exception {
    String body = "{\"alert\":\"BitbucketDown\",\"labels\":{\"instance\":\"prod\"},\"key\":\"inc-burst\"}";
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    for (int i = 0; i < 20; i++) {
      all.add(HTTP.sendAsync(post("/hooks/monitor", body).header(RequestAuth.TIMESTAMP, timestamp)
          .header(RequestAuth.SIGNATURE, RequestAuth.sign(HMAC_SECRET, timestamp, bytes(body))).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    List<Integer> statuses = new ArrayList<>();
    List<String> runIds = new ArrayList<>();
    for (var f : all) {
      HttpResponse<String> r = f.get();
      statuses.add(r.statusCode());
      runIds.add(JSON.readTree(r.body()).get("alerts").get(0).get("runId").asText());
    }
    assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(19);
    assertThat(runIds).containsOnly(runIds.get(0));
    String workflowId = JSON.readTree(all.get(0).get().body()).get("alerts").get(0).get("workflowId").asText();
    awaitRecorded(workflowId);
    assertThat(catalog.runs(new dev.runbook.activities.catalog.RunQuery("prod", "check", 100)))
        .filteredOn(r -> r.workflowId().equals(workflowId)).hasSize(1);
  }

  @Test
  void badRequestsStartNothingAndGetTheirStatus() throws Exception {
    String body = "{\"alert\":\"BitbucketDown\",\"labels\":{\"instance\":\"prod\"},\"key\":\"inc-bad\"}";
    Instant now = Instant.now();
    assertThat(send(post("/hooks/monitor", body)).statusCode()).as("no signature").isEqualTo(401);
    String ts = Long.toString(now.getEpochSecond());
    assertThat(send(post("/hooks/monitor", body).header(RequestAuth.TIMESTAMP, ts)
        .header(RequestAuth.SIGNATURE, RequestAuth.sign("not-the-secret", ts, bytes(body)))).statusCode())
        .as("wrong signature").isEqualTo(401);
    assertThat(signed("/hooks/monitor", body, now.minus(Duration.ofMinutes(10))).statusCode()).as("old signature")
        .isEqualTo(401);
    assertThat(send(post("/hooks/alertmanager", alertmanager(alert("firing", "BitbucketDown", "", "fp-bad")))
        .header("Authorization", "Bearer wrong-token")).statusCode()).as("wrong token").isEqualTo(401);
    assertThat(send(post("/hooks/alertmanager", alertmanager(alert("firing", "BitbucketDown", "", "fp-bad")))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("x:" + TOKEN).getBytes(StandardCharsets.UTF_8))))
        .statusCode()).as("a token sent as basic").isEqualTo(401);

    HttpResponse<String> malformed = signed("/hooks/monitor", "{\"alert\":\"BitbucketDown\",\"labels\":{}}", now);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body().trim()).isEqualTo("{\"error\":\"key: missing or not text\"}");
    HttpResponse<String> notJson = signed("/hooks/monitor", "alert=BitbucketDown", now);
    assertThat(notJson.statusCode()).isEqualTo(400);

    String big = "{\"alert\":\"BitbucketDown\",\"key\":\"inc-big\",\"labels\":{\"x\":\"" + "a".repeat(300 * 1024) + "\"}}";
    HttpResponse<String> tooBig = signed("/hooks/monitor", big, now);
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).contains("larger than 256 KiB");
    // Its body was left unread: the connection is not to be reused (the next request here would fail on it).
    assertThat(tooBig.headers().firstValue("connection")).hasValue("close");

    HttpResponse<String> resolved = send(bearer(alertmanager(alert("resolved", "BitbucketDown", "", "fp-resolved"))));
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    assertThat(resolved.body()).contains("resolved: nothing started");

    HttpResponse<String> noHook = send(post("/hooks/nothing", body));
    assertThat(noHook.statusCode()).isEqualTo(404);
    Thread.sleep(500);
    assertThat(catalog.runs(new dev.runbook.activities.catalog.RunQuery(null, null, 1000)))
        .noneMatch(r -> r.parameters().contains("inc-bad") || r.workflowId().contains("fp-"));
    assertThat(incidentRuns()).noneMatch(id -> id.equals(idOf("check", "prod", "inc-bad"))
        || id.equals(idOf("check", "prod", "inc-big")) || id.equals(idOf("check", "prod", "fp-bad@2026-12-01T10:00:00Z"))
        || id.equals(idOf("check", "prod", "fp-resolved@2026-12-01T10:00:00Z")));
  }

  @Test
  void anAlertmanagerBodyWithTwoAlertsStartsTwoRunsAndTheMirrorIsRecovered() throws Exception {
    eu.playStagingDeletion();
    String body = alertmanager(alert("firing", "MirrorRemoved", ",\"mirror\":\"eu\"", "fp-eu"),
        alert("firing", "BitbucketDown", ",\"instance\":\"prod\"", "fp-prod"),
        alert("resolved", "BitbucketDown", ",\"instance\":\"prod\"", "fp-old"));
    HttpResponse<String> r = send(bearer(body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode alerts = JSON.readTree(r.body()).get("alerts");
    assertThat(alerts).hasSize(3);
    assertThat(alerts.get(0).get("result").asText()).isEqualTo("started");
    assertThat(alerts.get(0).get("workflowId").asText()).startsWith("incident-mirror-recovery-eu-");
    assertThat(alerts.get(1).get("result").asText()).isEqualTo("started");
    assertThat(alerts.get(2).get("result").asText()).isEqualTo("resolved: nothing started");
    RunRecord recovery = awaitRecorded(alerts.get(0).get("workflowId").asText());
    assertThat(recovery.requestedBy()).isEqualTo("webhook alertmanager");
    assertThat(recovery.trigger()).isEqualTo("incident");
    await(() -> "INSTALLED".equals(eu.upstreamState()), "the recovery the alert started brings the mirror back");

    // Alertmanager sends a still-firing group again every repeat_interval: nothing new starts.
    HttpResponse<String> repeat = send(bearer(body));
    assertThat(repeat.statusCode()).as(repeat.body()).isEqualTo(200);
    assertThat(repeat.body()).contains("already handled").doesNotContain("\"started\"");
  }

  @Test
  void aDataLossAlertsRestoreWaitsForApprovalAndEveryTargetIsTold() throws Exception {
    String point = "data-20261201T030000Z";
    Instant taken = Instant.parse("2026-12-01T03:00:00Z");
    catalog.restorePoint(RestorePointChange.started(point, "data", null, taken));
    catalog.restorePoint(new RestorePointChange(point, "data", RestorePointStatus.COMPLETE, taken, null,
        List.of(new Artifact("home:/srv/data", Artifact.HOME, "command", "local", "/images/" + point, null, 1)),
        null, null, taken, taken, null));

    HttpResponse<String> r = signed("/hooks/monitor",
        "{\"alert\":\"DataLoss\",\"labels\":{\"instance\":\"data\"},\"key\":\"loss-1\"}", Instant.now());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode started = JSON.readTree(r.body()).get("alerts").get(0);
    String workflowId = started.get("workflowId").asText();
    String runId = started.get("runId").asText();
    await(() -> received.stream().anyMatch(m -> m.startsWith("/pager") && m.contains(workflowId))
        && received.stream().anyMatch(m -> m.startsWith("/chat") && m.contains(workflowId)), "both targets are told");
    var stub = stack.client().newUntypedWorkflowStub(workflowId);
    assertThat(stub.describe().getTypedSearchAttributes().get(RunbookSearchAttributes.STATE)).isEqualTo("AWAITING_APPROVAL");

    JsonNode pager = JSON.readTree(message("/pager", workflowId).substring("/pager ".length()));
    String text = pager.get("text").asText();
    assertThat(text).contains("restore of data waits for approval by a second person",
        "run " + dev.runbook.workflows.run.RunIds.shortId(runId), "(workflow " + workflowId + ")", "instance: data", "restore point " + point,
        "requested by: webhook monitor", "runbook approve " + workflowId + " --as NAME --reason TEXT",
        "http://127.0.0.1:18233/namespaces/" + stack.target().namespace() + "/workflows/" + workflowId + "/" + runId)
        .containsPattern("deadline: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
    assertThat(pager.get("status").asText()).isEqualTo("APPROVAL_WAITING");
    JsonNode chat = JSON.readTree(message("/chat", workflowId).substring("/chat ".length()));
    assertThat(chat.size()).as("a Slack-style target gets only the text").isEqualTo(1);
    assertThat(chat.get("text").asText()).isEqualTo(text);

    Cli rejected = Cli.run("reject", workflowId, "--as", "bob", "--reason", "not this point", "--temporal-target",
        stack.target().target());
    assertThat(rejected.exit()).as(rejected.all()).isZero();
    await(() -> received.stream().anyMatch(m -> m.startsWith("/pager") && m.contains("rejected by bob: not this point")),
        "the decision is announced too");
  }

  @Test
  void overTlsAClientThatTrustsItsCertificateIsServedAndPlainHttpIsNot() throws Exception {
    TestCertificates certs = TestCertificates.create(dir.resolve("tls"));
    WebhooksConfig plain = ConfigLoader.load(config).webhooks();
    WebhooksConfig tls = new WebhooksConfig(plain.listen(), Ports.free(),
        new WebhooksConfig.Tls(certs.serverCert().toString(), certs.serverKey().toString()), plain.maxBodyKiB(),
        plain.rateLimit(), plain.hooks());
    try (WebhookServer secure = WebhookServer.start(tls, stack.client(), catalog, new Secrets())) {
      assertThat(secure.address()).startsWith("https://127.0.0.1:");
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(certs.ca())).connectTimeout(Duration.ofSeconds(5)).build();
      String resolved = alertmanager(alert("resolved", "BitbucketDown", "", "fp-tls"));
      HttpResponse<String> answer = trusting.send(HttpRequest.newBuilder(URI.create(secure.address() + "/hooks/alertmanager"))
          .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(resolved)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      String plainAddress = secure.address().replace("https://", "http://");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(
          URI.create(plainAddress + "/hooks/alertmanager")).header("Authorization", "Bearer " + TOKEN)
          .POST(HttpRequest.BodyPublishers.ofString(resolved)).build(), HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP to the TLS port").isInstanceOf(java.io.IOException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(
          URI.create(secure.address() + "/hooks/alertmanager")).POST(HttpRequest.BodyPublishers.ofString(resolved)).build(),
          HttpResponse.BodyHandlers.ofString()))
          .as("a client that does not trust the certificate").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
  }

  /** An SSL context that trusts only the CA in {@code caPem}. */
  static javax.net.ssl.SSLContext trusting(Path caPem) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
    store.load(null, null);
    try (var in = Files.newInputStream(caPem)) {
      store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  @Test
  void theWebhookCommandNeedsAWebhooksSection() throws Exception {
    Path none = dir.resolve("no-webhooks.yaml");
    Files.writeString(none, Files.readString(config).substring(0, Files.readString(config).indexOf("webhooks:\n  port")));
    Cli r = Cli.run("webhook", "-c", none.toString(), "--temporal-target", stack.target().target());
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).contains("no webhooks: section");
  }

  // --- helpers ---

  static String alert(String status, String name, String labels, String fingerprint) {
    return ("{\"status\":\"%s\",\"labels\":{\"alertname\":\"%s\"%s},\"annotations\":{},\"startsAt\":\"2026-12-01T10:00:00Z\","
        + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://prometheus/graph\",\"fingerprint\":\"%s\"}")
        .formatted(status, name, labels, fingerprint);
  }

  static String alertmanager(String... alerts) {
    return "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"x\\\"}\",\"truncatedAlerts\":0,\"status\":\"firing\","
        + "\"receiver\":\"runbook\",\"groupLabels\":{},\"commonLabels\":{},\"commonAnnotations\":{},"
        + "\"externalURL\":\"http://alertmanager\",\"alerts\":[" + String.join(",", alerts) + "]}";
  }

  static HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
  }

  static HttpRequest.Builder bearer(String body) {
    return post("/hooks/alertmanager", body).header("Authorization", "Bearer " + TOKEN);
  }

  static HttpResponse<String> signed(String path, String body, Instant at) throws Exception {
    String ts = Long.toString(at.getEpochSecond());
    return send(post(path, body).header(RequestAuth.TIMESTAMP, ts).header(RequestAuth.SIGNATURE,
        RequestAuth.sign(HMAC_SECRET, ts, bytes(body))));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String idOf(String runbook, String target, String key) {
    return dev.runbook.worker.webhook.IncidentIds.workflowId(new dev.runbook.activities.config.WebhookRuleConfig("x", null,
        dev.runbook.activities.config.WebhookRuleConfig.Runbook.of(runbook), target), key);
  }

  /** The workflow ids of every incident run Temporal knows. */
  static List<String> incidentRuns() {
    return stack.client().listExecutions("RunbookTrigger = 'incident'").map(m -> m.getExecution().getWorkflowId()).toList();
  }

  static String message(String target, String workflowId) {
    return received.stream().filter(m -> m.startsWith(target) && m.contains(workflowId)).findFirst().orElseThrow();
  }

  static RunRecord awaitRecorded(String workflowId) throws Exception {
    await(() -> {
      try {
        return catalog.runOfWorkflow(workflowId).isPresent();
      } catch (java.sql.SQLException e) {
        return false;
      }
    }, "the run of " + workflowId + " is recorded");
    Optional<RunRecord> r = catalog.runOfWorkflow(workflowId);
    return r.orElseThrow();
  }

  static void await(BooleanSupplier condition, String what) {
    MirrorEndToEndTest.await(condition, what);
  }
}
