package dev.runbook.worker.webhook;

import dev.runbook.activities.config.WebhookRuleConfig;
import java.util.List;
import java.util.Optional;

/** Which rule of a hook an alert matches: the first whose name and labels it carries. */
public final class IncidentRules {
  private IncidentRules() {}

  /** The first rule {@code alert} matches, or empty when none does. */
  public static Optional<WebhookRuleConfig> match(List<WebhookRuleConfig> rules, Alert alert) {
    return rules.stream().filter(r -> r.alert().equals(alert.name())
        && r.labels().entrySet().stream().allMatch(l -> l.getValue().equals(alert.labels().get(l.getKey()))))
        .findFirst();
  }
}
