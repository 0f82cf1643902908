package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * Maps an alert to a run: an alert named {@code alert} whose labels include every one of {@code labels}
 * starts {@code runbook} on {@code target}.
 *
 * @param alert the alert's name (Alertmanager's {@code alertname} label)
 * @param labels labels the alert must carry with these values; none when absent
 * @param runbook what to start
 * @param target the instance (restore, backup, check) or mirror (mirror-recovery) to start it on
 */
public record WebhookRuleConfig(String alert, Map<String, String> labels, Runbook runbook, String target) {
  public WebhookRuleConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The runbooks an alert may start. */
  public enum Runbook {
    /** Mirror recovery of a mirror; its {@code recovery.requireApproval} applies. */
    MIRROR_RECOVERY("mirror-recovery"),
    /** A restore of the instance's latest restore point; always waits for approval. */
    RESTORE("restore"),
    /** A backup of the instance. */
    BACKUP("backup"),
    /** The health check of the instance. */
    CHECK("check");

    private final String id;

    Runbook(String id) {
      this.id = id;
    }

    /** The runbook kind, as runs and the configuration name it. */
    @JsonValue
    public String id() {
      return id;
    }

    @JsonCreator
    public static Runbook of(String id) {
      for (Runbook r : values()) {
        if (r.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
          return r;
        }
      }
      throw new IllegalArgumentException("not one of mirror-recovery, restore, backup, check");
    }
  }
}
