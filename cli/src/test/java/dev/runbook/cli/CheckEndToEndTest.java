package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.BitbucketSimulator.ApplicationState;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check end to end, through the CLI as an operator types it: `runbook up` (embedded
 * server, control worker, local agent), `runbook agent` for a second host, `runbook check`,
 * `runbook history` and `runbook show`, with the Bitbucket simulator as Bitbucket.
 */
class CheckEndToEndTest {
  static final String PASSWORD = "Sup3r-S3cret-Admin-Pw";

  @TempDir
  Path dir;
  private BitbucketSimulator bitbucket;
  private Path config;
  private String catalog;
  private int port;

  @BeforeEach
  void setUp() throws Exception {
    bitbucket = BitbucketSimulator.builder().version("8.19.4").admin("admin", PASSWORD).start();
    Path secret = dir.resolve("bb-password");
    Files.writeString(secret, PASSWORD + "\n");
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts:
          - name: local
            mode: local
          - name: files
            mode: agent
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: local}]
            home: {host: files, mounts: [/srv/shared], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: local, name: bb, user: bb, backupRoot: /srv/backups}
        """.formatted(bitbucket.baseUrl(), secret));
    catalog = dir.resolve("catalog.db").toString();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
  }

  @AfterEach
  void tearDown() {
    bitbucket.close();
  }

  private String target() {
    return "127.0.0.1:" + port;
  }

  private Cli check(String... extra) {
    String[] base = {"check", "-c", config.toString(), "--instance", "prod", "--temporal-target", target()};
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Cli.run(args);
  }

  private static String runId(Cli r) {
    Matcher m = Pattern.compile("started: run ([0-9a-f-]{36})").matcher(r.out());
    assertThat(m.find()).as(r.all()).isTrue();
    return m.group(1);
  }

  @Test
  void upThenCheckFindsTheMissingAgentThenAgentThenHealthy() throws Exception {
    try (Background up = Background.start("ready;", "up", "-c", config.toString(), "--port", Integer.toString(port),
        "--headless", "--store", dir.resolve("temporal.db").toString(), "--catalog", catalog)) {
      assertThat(up.out()).contains("Temporal server on " + target(), "local agents: local (runbook-host-local)",
          "store: " + dir.resolve("temporal.db"));

      Cli unhealthy = check("--follow");
      assertThat(unhealthy.exit()).as(unhealthy.all()).isEqualTo(1);
      assertThat(unhealthy.out()).contains("prod: UNHEALTHY",
          "  - UNHEALTHY: host files (agent): no agent answered on runbook-host-files within 5 s (start `runbook agent "
              + "--host files` there)")
          .containsPattern("start    ping host files \\[files\\]")
          .containsPattern("FAILED   ping host files \\[files\\]  \\(\\d+\\.\\d+ s\\): timed out \\(schedule-to-start\\)")
          .containsPattern("ok       ping host local \\[local\\]");

      try (Background agent = Background.start("polling", "agent", "-c", config.toString(), "--host", "files",
          "--temporal-target", target())) {
        assertThat(agent.out()).contains("agent for host files polling runbook-host-files on " + target());
        Cli healthy = check();
        assertThat(healthy.exit()).as(healthy.all()).isZero();
        assertThat(healthy.out()).contains("prod: HEALTHY").containsPattern("host files\\s+agent\\s+ANSWERED\\s+agent ");
        assertThat(agent.stop()).isZero();

        Cli history = Cli.run("history", "--catalog", catalog);
        assertThat(history.exit()).isZero();
        assertThat(history.out().lines().skip(1)).hasSize(2);
        assertThat(history.out()).contains("SUCCEEDED", "FAILED", "unhealthy: host files (agent): no agent answered");

        Cli show = Cli.run("show", dev.runbook.workflows.run.RunIds.shortId(runId(healthy)), "--catalog", catalog);
        assertThat(show.exit()).as(show.all()).isZero();
        assertThat(show.out()).contains("runbook    check on prod", "status     SUCCEEDED: healthy: Bitbucket RUNNING 8.19.4, 2 of 2 hosts answered")
            .containsPattern("ok\\s+-\\s+read Bitbucket /status\\s+RUNNING \\(HTTP 200\\)")
            .containsPattern("ok\\s+files\\s+ping host files");
      }
      RecordedHistories.replayAll(target());
      assertThat(up.stop()).isZero();
    }
  }

  @Test
  void aBitbucketThatIsStartingIsAFindingAndSecretsGoNowhere() throws Exception {
    bitbucket.setState(ApplicationState.STARTING);
    try (Background server = server();
         Background up = Background.start("ready;", "up", "-c", config.toString(), "--temporal-target", target(),
             "--catalog", catalog)) {
      assertThat(server.out()).contains("Temporal server on " + target(),
          "search attributes: RunbookKind, RunbookInstance, RunbookTrigger");
      assertThat(up.out()).contains("runbook up: Temporal at " + target());

      Cli r = check();
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.out()).contains("Bitbucket /status answered STARTING (HTTP 503)");

      Cli json = check("--json", "--follow");
      assertThat(json.exit()).as(json.all()).isEqualTo(1);
      com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
      assertThat(doc.path("verdict").asText()).as(json.out()).isEqualTo("UNHEALTHY");
      assertThat(doc.path("healthy").asBoolean(true)).isFalse();
      assertThat(doc.path("bitbucket").path("state").asText()).isEqualTo("STARTING");
      assertThat(doc.path("hosts")).anySatisfy(h -> {
        assertThat(h.path("host").asText()).isEqualTo("local");
        assertThat(h.path("mode").asText()).isEqualTo("local");
        assertThat(h.path("state").asText()).isEqualTo("ANSWERED");
      });
      assertThat(doc.path("findings")).anySatisfy(f -> {
        assertThat(f.path("level").asText()).isEqualTo("UNHEALTHY");
        assertThat(f.path("text").asText()).contains("Bitbucket /status answered STARTING (HTTP 503)");
      });
      assertThat(doc.path("steps")).anySatisfy(st -> assertThat(st.path("name").asText()).isEqualTo("read Bitbucket /status"));
      assertThat(json.err()).contains("started: run ").containsPattern("ok\\s+ping host local \\[local\\]");

      String history = fullHistory(runId(r));
      String catalogBytes = new String(Files.readAllBytes(Path.of(catalog)), java.nio.charset.StandardCharsets.ISO_8859_1)
          + (Files.exists(Path.of(catalog + "-wal"))
              ? new String(Files.readAllBytes(Path.of(catalog + "-wal")), java.nio.charset.StandardCharsets.ISO_8859_1) : "");
      assertThat(history).contains("BitbucketVersion").doesNotContain(PASSWORD);
      assertThat(catalogBytes).contains("read Bitbucket version").doesNotContain(PASSWORD);
      assertThat(r.all() + json.all() + up.out() + Cli.run("show", runId(r), "--catalog", catalog).all()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void noControlWorkerIsExit3AndTheRunIsTerminated() throws Exception {
    try (Background server = server()) {
      Cli r = check("--worker-wait", "2");
      assertThat(r.exit()).isEqualTo(3);
      assertThat(r.err()).contains("no control worker polls runbook-control on " + target() + " (waited 2 s; run check-prod-")
          .contains("was terminated, nothing ran): start `runbook up -c FILE` or `runbook worker -c FILE`");
    }
  }

  /** `runbook server` on the test's port and store, without its UI. */
  private Background server() throws InterruptedException {
    return Background.start("Ctrl-C stops it", "server", "--port", Integer.toString(port), "--headless",
        "--store", dir.resolve("temporal.db").toString());
  }

  private String fullHistory(String runId) {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
    try {
      String workflowId = Cli.run("show", runId, "--catalog", catalog).out().lines()
          .filter(l -> l.startsWith("workflow")).findFirst().orElseThrow().substring(11);
      return stubs.blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
          .setNamespace("default")
          .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
          .build()).getHistory().toString();
    } finally {
      stubs.shutdownNow();
    }
  }
}
