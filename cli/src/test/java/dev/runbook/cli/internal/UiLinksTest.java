package dev.runbook.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UiLinksTest {
  private static UiLinks.Runbook runbook(List<UiLinks.Runbook> all, String type) {
    return all.stream().filter(r -> r.workflowType().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void everyRunbookHasItsTypeAndSmallestInput() {
    List<UiLinks.Runbook> all = UiLinks.runbooks("prod");
    assertThat(all).extracting(UiLinks.Runbook::workflowType).containsExactly("HealthCheck", "Backup", "Prune", "Restore",
        "Services", "Hosts", "MirrorHealth", "MirrorRecovery", "MirrorGuard");
    assertThat(runbook(all, "HealthCheck").input()).isEqualTo("{\"instance\":\"prod\"}");
    assertThat(runbook(all, "Restore").input()).isEqualTo("{\"instance\":\"prod\",\"requestedBy\":\"WHO\"}");
    assertThat(runbook(all, "Hosts").input()).isEqualTo("{}");
    assertThat(runbook(all, "MirrorRecovery").input()).isEqualTo("{\"mirror\":\"MIRROR\",\"requestedBy\":\"WHO\"}");
    assertThat(runbook(UiLinks.runbooks(null), "Backup").input()).isEqualTo("{\"instance\":\"NAME\"}");
    assertThat(runbook(UiLinks.runbooks("a\"b"), "Backup").input()).isEqualTo("{\"instance\":\"a\\\"b\"}");
  }

  @Test
  void theStartFormGetsTypeQueueAndAFreshWorkflowId() {
    UiLinks.Runbook backup = runbook(UiLinks.runbooks("prod"), "Backup");
    String id = UiLinks.workflowId(backup, Instant.parse("2026-11-30T01:02:03Z"));
    assertThat(id).isEqualTo("backup-prod-ui-20261130T010203Z");
    assertThat(UiLinks.startForm("http://127.0.0.1:8233", "default", backup, id, null)).isEqualTo("http://127.0.0.1:8233/namespaces/"
        + "default/workflows/start-workflow?workflowType=Backup&taskQueue=runbook-control&workflowId=backup-prod-ui-20261130T010203Z");
    // With an earlier run, the form copies its input.
    assertThat(UiLinks.startForm("http://127.0.0.1:8233", "default", backup, "backup-prod-1", "01a2-ff")).endsWith(
        "&workflowId=backup-prod-1&runId=01a2-ff");
    assertThat(UiLinks.workflowId(runbook(UiLinks.runbooks("prod"), "Hosts"), Instant.parse("2026-11-30T01:02:03Z")))
        .isEqualTo("hosts-ui-20261130T010203Z");
  }

  @Test
  void runPagesAndQueriesAreEscaped() {
    assertThat(UiLinks.runPage("https://t.example.com", "ns.acct", "check prod", "r-1"))
        .isEqualTo("https://t.example.com/namespaces/ns.acct/workflows/check%20prod/r-1/history");
    assertThat(UiLinks.earlierRuns(runbook(UiLinks.runbooks("o'prod"), "Backup")))
        .isEqualTo("WorkflowType = 'Backup' AND RunbookInstance = 'o\\'prod'");
    assertThat(UiLinks.earlierRuns(runbook(UiLinks.runbooks("prod"), "MirrorHealth"))).isEqualTo("WorkflowType = 'MirrorHealth'");
  }

  @Test
  void theBaseIsAnHttpAddressWithoutTrailingSlash() {
    assertThat(UiLinks.base(" http://127.0.0.1:8233/ ")).isEqualTo("http://127.0.0.1:8233");
    assertThat(UiLinks.base("https://temporal.example.com/ui")).isEqualTo("https://temporal.example.com/ui");
    assertThatThrownBy(() -> UiLinks.base("127.0.0.1:8233")).hasMessageContaining("http or https");
    assertThatThrownBy(() -> UiLinks.base("http://x:8233/?a=b")).hasMessageContaining("http or https");
    assertThatThrownBy(() -> UiLinks.base("http://[bad")).hasMessageContaining("http or https");
  }
}
