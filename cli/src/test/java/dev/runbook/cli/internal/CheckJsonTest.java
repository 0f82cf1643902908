package dev.runbook.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.check.HealthCheckResult;
import dev.runbook.workflows.check.HealthFinding;
import dev.runbook.workflows.check.HealthVerdict;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.check.MeshNodeCheck;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The document {@code runbook check --json} prints, for a DEGRADED Mesh instance: every field docs/runbooks/check.md names. */
class CheckJsonTest {
  @Test
  void aDegradedResultIsOneDocumentWithTheDocumentedFields() throws Exception {
    Instant at = Instant.parse("2026-11-30T08:40:01.120Z");
    HealthCheckResult r = new HealthCheckResult("prod", false, HealthVerdict.DEGRADED, "https://bb.example.com", "RUNNING",
        "8.19.4", List.of(new HostCheck("local", HostMode.LOCAL, HostCheck.State.ANSWERED, "agent on bb1")),
        List.of(new MeshNodeCheck("mesh2", "mesh2", "OFFLINE", "http://mesh2:7777")),
        List.of(new MeshLink("node1", "BITBUCKET", "mesh2", "MESH", false, null, "UNAVAILABLE\u009b")),
        List.of(HealthFinding.degraded("Mesh node mesh2 (host mesh2) is OFFLINE in Bitbucket")),
        List.of(new StepView(1, "read Bitbucket /status", null, at, at.plusMillis(40), StepOutcome.OK, "RUNNING (HTTP 200)")));

    String json = CheckJson.of("3f2a9c1e", r);
    JsonNode doc = new ObjectMapper().readTree(json);

    assertThat(doc.fieldNames()).toIterable().containsExactly("instance", "run", "verdict", "healthy", "bitbucket", "hosts",
        "meshNodes", "meshLinks", "findings", "steps");
    assertThat(doc.path("verdict").asText()).isEqualTo("DEGRADED");
    assertThat(doc.path("healthy").asBoolean(true)).isFalse();
    assertThat(doc.path("bitbucket").path("version").asText()).isEqualTo("8.19.4");
    assertThat(doc.path("hosts").get(0).path("mode").asText()).isEqualTo("local");
    assertThat(doc.path("meshNodes").get(0).path("state").asText()).isEqualTo("OFFLINE");
    assertThat(doc.path("meshLinks").get(0).path("reachable").asBoolean(true)).isFalse();
    assertThat(doc.path("findings").get(0).path("level").asText()).isEqualTo("DEGRADED");
    assertThat(doc.path("steps").get(0).fieldNames()).toIterable()
        .containsExactly("seq", "name", "host", "startedAt", "endedAt", "outcome", "detail");
    assertThat(doc.path("steps").get(0).path("startedAt").asText()).isEqualTo("2026-11-30T08:40:01.120Z");
    assertThat(json).as("no C1 control character reaches a terminal").doesNotContain("\u009b").contains("\\u009b");
  }
}
