package dev.runbook.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.run.Trigger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who a run is recorded as requested by: a Web UI start never takes the name its input carries. */
class CatalogActivitiesImplTest {
  @TempDir
  Path dir;

  private String recordedRequester(Trigger trigger, String identity) throws Exception {
    Catalog catalog = Catalog.open(CatalogLocation.sqlite(dir.resolve(trigger + "-" + identity.length() + ".db")),
        new Secrets(Map.of()));
    new CatalogActivitiesImpl(catalog, RunLiveness.ASSUME_RUNNING, (workflowId, runId) -> identity)
        .runStarted(new RunStarted("run-1", "check-prod-1", "check", "prod", trigger, "alice",
            "{\"instance\":\"prod\",\"requestedBy\":\"alice\"}", Instant.parse("2026-11-30T01:00:00Z")));
    return catalog.runs(new RunQuery(null, null, 1)).get(0).requestedBy();
  }

  @Test
  void aWebUiStartWithoutIdentityIsRequestedByUiNotByTheCopiedInput() throws Exception {
    assertThat(recordedRequester(Trigger.UI, "")).isEqualTo("ui");
  }

  @Test
  void aStartOutsideRunbookIsRequestedByItsIdentity() throws Exception {
    assertThat(recordedRequester(Trigger.UI, " temporal-cli:bob@ops ")).isEqualTo("temporal-cli:bob@ops");
  }

  @Test
  void runbooksOwnStartsKeepTheirRequester() throws Exception {
    assertThat(recordedRequester(Trigger.CLI, "runbook-cli@ops:1")).isEqualTo("alice");
  }
}
