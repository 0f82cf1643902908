package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.workflows.run.RunIds;
import dev.runbook.worker.LocalStack;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runbooks started through the Temporal Web UI, as an operator does it: Debian's chromium, driven by
 * playwright-core ({@code src/test/ui/start-runs.mjs}), opens the start links {@code runbook ui-links}
 * prints, pastes the input shown there and starts a health check and a backup on Temporal's real server
 * with its UI. The runs must finish and be recorded as UI starts, requested by {@code ui}.
 */
class TemporalUiBrowserTest {
  static final Path UI_SCRIPTS = Path.of("src/test/ui");
  static final Path SCREENSHOTS = Path.of("target/ui-screenshots");
  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("RUNBOOK_CHROMIUM", "/usr/bin/chromium"));

  @TempDir
  Path dir;
  private BitbucketSimulator bitbucket;
  private LocalStack stack;
  private Path config;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "browser test skipped: no chromium at " + CHROMIUM + " (apt-get install chromium)");
    assumeTrue(Files.isDirectory(UI_SCRIPTS.resolve("node_modules/playwright-core")),
        "browser test skipped: no playwright-core in " + UI_SCRIPTS + " (npm ci --prefix cli/src/test/ui; .ci/run does it)");
    bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
    Path password = TestFiles.secret(dir, "bb-password", "simulated");
    // The command provider needs a mount point and no root: /proc is one everywhere, and the script touches
    // nothing. (/ itself is refused: a restore would move it aside.)
    Path snapshot = TestFiles.script(dir, "snapshot.sh", "echo " + dir + "/snapshots/$RUNBOOK_BACKUP_ID");
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: local, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [/proc], snapshot: {provider: command, snapshot: %s}}
            database: {provider: postgresql-fslevel, host: local, dataDirectory: /proc/runbook-postgresql}
        """.formatted(bitbucket.baseUrl(), password, snapshot));
    stack = TestStacks.local(config, dir.resolve("catalog.db"), true);
  }

  @AfterEach
  void tearDown() throws Exception {
    TestStacks.closeAll(stack, bitbucket);
  }

  private Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  @Test
  void aCheckAndABackupStartedInTheWebUiFinishAndAreRecordedAsUiStarts() throws Exception {
    Cli earlier = runbook("check", "--instance", "prod");
    assertThat(earlier.exit()).as(earlier.all()).isZero();

    String ui = stack.server().uiAddress();
    Cli links = runbook("ui-links", "--instance", "prod", "--ui-url", ui);
    assertThat(links.exit()).as(links.all()).isZero();
    // The check's copy link points at the CLI's run: the form copies its input and its search attributes,
    // RunbookTrigger=cli included; the run must still be recorded as a UI start.
    assertThat(section(links, "check")).contains("input  {\"instance\":\"prod\"}")
        .containsPattern("copy   " + Pattern.quote(ui) + "/namespaces/default/workflows/start-workflow\\?workflowType=HealthCheck"
            + "&taskQueue=runbook-control&workflowId=check-prod-\\S+&runId=[0-9a-f-]{36}")
        .containsPattern("last   " + Pattern.quote(ui) + "/namespaces/default/workflows/check-prod-[^/]+/[0-9a-f-]{36}/history \\(COMPLETED\\)");
    assertThat(section(links, "backup")).contains("last   none");

    Files.createDirectories(SCREENSHOTS);
    List<Map<String, String>> runs = new ArrayList<>();
    for (String kind : List.of("check", "backup")) {
      runs.add(Map.of("name", kind, "link", line(section(links, kind), kind.equals("check") ? "copy" : "start"),
          "input", line(section(links, kind), "input")));
    }
    List<String[]> started = startInBrowser(runs);
    assertThat(started).extracting(s -> s[0]).containsExactly("check", "backup");

    Cli history = Cli.run("history", "--catalog", dir.resolve("catalog.db").toString());
    for (String[] run : started) {
      assertThat(status(run[1], run[2])).as(run[0]).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertThat(startIdentity(run[1], run[2])).as("the Web UI sends no identity").isEmpty();
      // The check's form copied the CLI run's attributes (RunbookTrigger=cli); the backup had none to copy.
      assertThat(startedWithTriggerAttribute(run[1], run[2])).as(run[0] + " started with a copied RunbookTrigger")
          .isEqualTo(run[0].equals("check"));
      assertThat(history.out()).as(history.out()).containsPattern(Pattern.quote(RunIds.shortId(run[2])) + "\\s+" + run[0]
          + "\\s+prod\\s+SUCCEEDED\\s+.*\\s+ui\\s+ui\\s");
      assertThat(SCREENSHOTS.resolve(run[0] + ".png")).isNotEmptyFile();
    }
  }

  /** Runs the browser script on {@code runs}; returns name, workflow id and run id of each run it started. */
  private List<String[]> startInBrowser(List<Map<String, String>> runs) throws Exception {
    Path spec = dir.resolve("ui-runs.json");
    new ObjectMapper().writeValue(spec.toFile(), Map.of("namespace", "default",
        "screenshots", SCREENSHOTS.toAbsolutePath().toString(), "runs", runs));
    Path log = dir.resolve("browser.log");
    Process node = new ProcessBuilder("node", "start-runs.mjs", spec.toString())
        .directory(UI_SCRIPTS.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    node.getOutputStream().close();
    if (!node.waitFor(6, TimeUnit.MINUTES)) {
      node.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(node.exitValue()).as(output).isZero();
    assertThat(output).doesNotContain("refused a request outside 127.0.0.1");
    List<String[]> started = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^started (\\S+) (\\S+) (\\S+)$").matcher(output);
    while (m.find()) {
      started.add(new String[] {m.group(1), m.group(2), m.group(3)});
    }
    return started;
  }

  /** The lines {@code ui-links} printed for runbook {@code kind}. */
  private static String section(Cli links, String kind) {
    Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(kind) + " \\(.*?(?=^\\S|\\z)").matcher(links.out());
    assertThat(m.find()).as(links.out()).isTrue();
    return m.group();
  }

  private static String line(String section, String label) {
    return section.lines().map(String::strip).filter(l -> l.startsWith(label + " ")).findFirst().orElseThrow()
        .substring(label.length()).strip();
  }

  private WorkflowExecutionStatus status(String workflowId, String runId) {
    return stack.client().getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace("default").setExecution(execution(workflowId, runId)).build())
        .getWorkflowExecutionInfo().getStatus();
  }

  private String startIdentity(String workflowId, String runId) {
    return started(workflowId, runId).getIdentity();
  }

  /** Whether the run started with a {@code RunbookTrigger} search attribute (copied by the form from an earlier run). */
  private boolean startedWithTriggerAttribute(String workflowId, String runId) {
    return started(workflowId, runId).getSearchAttributes().getIndexedFieldsMap().containsKey("RunbookTrigger");
  }

  private io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes started(String workflowId, String runId) {
    return stack.client().getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default").setExecution(execution(workflowId, runId)).build())
        .getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes();
  }

  private static WorkflowExecution execution(String workflowId, String runId) {
    return WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
  }
}
