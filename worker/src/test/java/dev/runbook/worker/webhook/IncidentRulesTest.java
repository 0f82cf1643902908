package dev.runbook.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.WebhookRuleConfig;
import dev.runbook.activities.config.WebhookRuleConfig.Runbook;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentRulesTest {
  static final WebhookRuleConfig EU = new WebhookRuleConfig("MirrorRemoved", Map.of("mirror", "eu"), Runbook.MIRROR_RECOVERY, "eu");
  static final WebhookRuleConfig US = new WebhookRuleConfig("MirrorRemoved", Map.of("mirror", "us"), Runbook.MIRROR_RECOVERY, "us");
  static final WebhookRuleConfig LOSS = new WebhookRuleConfig("DataLoss", null, Runbook.RESTORE, "prod");

  @Test
  void theFirstRuleWhoseNameAndLabelsTheAlertCarriesWins() {
    List<WebhookRuleConfig> rules = List.of(EU, US, LOSS);
    assertThat(IncidentRules.match(rules, new Alert("MirrorRemoved", Map.of("mirror", "us", "severity", "page"), "k", true)))
        .contains(US);
    assertThat(IncidentRules.match(rules, new Alert("DataLoss", Map.of("instance", "prod"), "k", true))).contains(LOSS);
    assertThat(IncidentRules.match(rules, new Alert("MirrorRemoved", Map.of("mirror", "ap"), "k", true))).isEmpty();
    assertThat(IncidentRules.match(rules, new Alert("MirrorRemoved", Map.of(), "k", true))).isEmpty();
  }

  @Test
  void anIncidentHasOneShortSafeWorkflowIdPerRunbookAndTarget() {
    String id = IncidentIds.workflowId(EU, "a1@2026-12-01T10:00:00Z");
    assertThat(id).matches("incident-mirror-recovery-eu-[0-9a-f]{24}");
    assertThat(IncidentIds.workflowId(EU, "a1@2026-12-01T10:00:00Z")).isEqualTo(id);
    assertThat(IncidentIds.workflowId(EU, "a1@2026-12-01T11:00:00Z")).as("a new start is a new incident").isNotEqualTo(id);
    assertThat(IncidentIds.workflowId(US, "a1@2026-12-01T10:00:00Z")).isNotEqualTo(id);
    assertThat(IncidentIds.workflowId(LOSS, "../../etc \" ' ;")).matches("incident-restore-prod-[0-9a-f]{24}");
  }

  @Test
  void theRateLimiterTakesABurstThenRefills() {
    long[] now = {0};
    RateLimiter limiter = new RateLimiter(60, 3, () -> now[0]);
    assertThat(List.of(limiter.take(), limiter.take(), limiter.take())).containsOnly(0L);
    assertThat(limiter.take()).isEqualTo(1);
    now[0] += 2_000_000_000L;
    assertThat(limiter.take()).isZero();
    assertThat(limiter.take()).isZero();
    assertThat(limiter.take()).isEqualTo(1);
  }
}
