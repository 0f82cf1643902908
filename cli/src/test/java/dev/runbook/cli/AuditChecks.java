package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import dev.runbook.worker.metrics.MetricsEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The audit commands and the metrics endpoint checked against the runs of {@link RestoreEndToEndTest}:
 * status, history filters, show in every format, evidence files, the JSON schema, control sequences.
 */
record AuditChecks(Path catalogFile, Path config, String target, MetricsEndpoint metrics) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** While a restore of prod waits for approval: the endpoint answers with the SDK's and runbook's metrics, and status lists the wait. */
  RestoreEndToEndTest.WhileWaiting duringARun() {
    return printed -> {
      String scraped = awaitMetric("runbook_restore_point_age_seconds{");
      assertThat(scraped).contains("temporal_request_total{", "temporal_workflow_task_execution_latency_seconds",
          "runbook_step_duration_seconds_count{", "step=\"choose restore point latest\"",
          "runbook_run_duration_seconds_count{");
      assertThat(sample(scraped, "runbook_restore_point_age_seconds", "instance=\"prod\"")).isPositive();
      assertThat(sample(scraped, "runbook_verification_age_seconds", "instance=\"prod\"")).isNaN();
      assertThat(sample(scraped, "runbook_run_duration_seconds_count", "runbook=\"backup\"")).isEqualTo(1.0);
      // Temporal's visibility store catches up with the run's RunbookState within moments; wait for it.
      long deadline = System.nanoTime() + 60_000_000_000L;
      Cli status = cli("status", "--instance", "prod");
      while (!status.out().contains("awaiting approval      restore restore-prod-") && System.nanoTime() < deadline) {
        Thread.sleep(500);
        status = cli("status", "--instance", "prod");
      }
      assertThat(status.out()).containsPattern("awaiting approval\\s+restore restore-prod-\\S+: runbook approve ");
    };
  }

  /** After every restore: the approved one's evidence, prod's status, filtered history, failures in the metrics. */
  void afterRestores(String approvedRun, String point) throws Exception {
    JsonNode e = JSON.readTree(cli("show", approvedRun, "--format", "json").out());
    assertThat(schema().validate(e.toString(), InputFormat.JSON)).as("evidence.schema.json").isEmpty();
    assertThat(e.at("/run/runbook").asText()).isEqualTo("restore");
    assertThat(e.at("/approvals/0/decidedBy").asText()).isEqualTo("bob");
    assertThat(e.at("/restorePoint/id").asText()).isEqualTo(point);
    assertThat(e.at("/restorePoint/artifacts").findValuesAsText("kind")).contains("home-snapshot", "db-dump");
    assertThat(e.at("/recovery/restorePointAgeMs").asLong()).isPositive();
    assertThat(e.at("/recovery/downtimeMs").asLong()).isPositive();
    assertThat(e.at("/steps").findValuesAsText("host")).contains("local");
    assertThat(cli("show", approvedRun, "--format", "markdown").out()).contains("# restore of prod: SUCCEEDED",
        "**APPROVED** by bob", "## Recovery achieved", "**RPO achieved**", "**RTO achieved**", "## Restore point " + point,
        "| # | Host | Start | End | Duration | Outcome | Step | Detail |");

    Path dir = Files.createTempDirectory(catalogFile.getParent(), "evidence");
    assertThat(cli("evidence", approvedRun, "-o", dir.toString()).exit()).isZero();
    for (String line : Files.readAllLines(dir.resolve("SHA256SUMS"))) {
      String[] sum = line.split("  ");
      byte[] file = Files.readAllBytes(dir.resolve(sum[1]));
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file))).as(sum[1]).isEqualTo(sum[0]);
    }
    assertThat(schema().validate(Files.readString(dir.resolve("evidence.json")), InputFormat.JSON)).isEmpty();
    assertThat(Files.readString(dir.resolve("evidence.md"))).contains("RTO achieved");
    Cli again = cli("evidence", approvedRun, "-o", dir.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("evidence.json exists");

    Cli status = cli("status", "--instance", "prod");
    assertThat(status.exit()).as("never verified, verifyEvery 7d: " + status.all()).isEqualTo(1);
    assertThat(status.out()).containsPattern("newest restore point\\s+prod-\\d{8}T\\d{6}Z, taken .* old \\(RPO now\\)")
        .contains("RPO objective          1h", "last verified restore  never verified", "OBJECTIVE MISSED",
            "verification: never verified (objective every 7d)", "next scheduled         none");
    JsonNode s = JSON.readTree(cli("status", "--instance", "prod", "--json").out());
    assertThat(s.at("/instances/0/rpo/ageMs").asLong()).isLessThan(s.at("/instances/0/rpo/objectiveMs").asLong());
    assertThat(s.at("/objectivesMet").asBoolean()).isFalse();

    JsonNode restores = JSON.readTree(cli("history", "--runbook", "restore", "--status", "succeeded", "--since", "1d",
        "--json").out());
    assertThat(restores.findValuesAsText("id")).anySatisfy(id -> assertThat(id).endsWith(approvedRun));
    assertThat(restores.findValuesAsText("status")).containsOnly("SUCCEEDED");
    assertThat(cli("history", "--runbook", "restore", "--status", "failed", "--csv").out())
        .startsWith("id,workflowId,runbook,instance,status,summary,trigger,requestedBy,startedAt,endedAt,durationMs\n")
        .contains(",restore,prod,FAILED,");
    assertThat(cli("history", "--trigger", "schedule").out()).contains("matching the filter");
    assertThat(cli("history", "--until", "2000-01-01").out()).contains("matching the filter");

    String scraped = awaitMetric("runbook_failures_total{");
    assertThat(scraped).containsPattern("runbook_failures_total\\{[^}]*runbook=\"restore\"[^}]*type=\"");
    assertThat(sample(scraped, "runbook_run_duration_seconds_count", "runbook=\"restore\",status=\"SUCCEEDED\"")).isPositive();
    controlSequencesAreNeverPrinted();
  }

  private void controlSequencesAreNeverPrinted() throws Exception {
    Catalog writer = Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of()));
    String evil = "evil-run-0000000000000000000000001";
    writer.runStarted(new RunStarted(evil, "check-prod-evil", "check", "prod", Trigger.CLI, "mallory\u001b[2J", "{}", Instant.now()));
    writer.runFinished(new RunFinished(evil, RunStatus.FAILED, "bad \u001b]0;pwned\u0007 title \u009b31m red", Instant.now()));
    for (Cli c : List.of(cli("history", "--runbook", "check"), cli("history", "--runbook", "check", "--csv"),
        cli("history", "--runbook", "check", "--json"), cli("show", evil), cli("show", evil, "--format", "markdown"),
        cli("show", evil, "--format", "json"))) {
      assertThat(c.exit()).as(c.all()).isZero();
      assertThat(c.out()).contains("pwned").doesNotContain("\u001b", "\u0007", "\u009b");
    }
    assertThat(cli("history", "--runbook", "check").out()).contains("mallory\\e[2J", "bad \\e]0;pwned\\x07 title \\u009b31m red");
  }

  private Cli cli(String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"-c", config.toString(), "--catalog", catalogFile.toString(), "--temporal-target", target},
        0, all, args.length, 6);
    if (List.of(args).contains("status")) {
      return Cli.run(all);
    }
    // Commands without Temporal options take only the configuration and catalog.
    return Cli.run(java.util.Arrays.copyOf(all, args.length + 4));
  }

  private static Schema schema() throws Exception {
    Path file = Path.of("..", "docs", "evidence.schema.json");
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(file), InputFormat.JSON);
  }

  /** The endpoint's text once it has {@code prefix} (the SDK reports every second); fails after two minutes. */
  private String awaitMetric(String prefix) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      String body = http.send(HttpRequest.newBuilder(URI.create(metrics.url())).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains(prefix) || System.nanoTime() > deadline) {
        assertThat(body).as("metrics at " + metrics.url()).contains(prefix);
        return body;
      }
      Thread.sleep(500);
    }
  }

  /** The value of the first sample of {@code name} whose labels contain {@code label}. */
  static double sample(String scraped, String name, String label) {
    return scraped.lines().filter(l -> l.startsWith(name + "{") && l.contains(label)).findFirst()
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow(
            () -> new AssertionError("no sample " + name + " with " + label + " in:\n" + scraped));
  }
}
