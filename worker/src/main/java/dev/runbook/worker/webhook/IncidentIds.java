package dev.runbook.worker.webhook;

import dev.runbook.activities.config.WebhookRuleConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The workflow id of the run an incident starts. The same incident always gets the same id, so Temporal
 * itself refuses a second run of it however often and however concurrently it is reported; the key is
 * hashed because it is the sender's text, and an id must be short and safe to print.
 */
public final class IncidentIds {
  private IncidentIds() {}

  /** For example {@code incident-mirror-recovery-eu-3f2a...} (24 hex digits of SHA-256 over the key). */
  public static String workflowId(WebhookRuleConfig rule, String key) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest((rule.runbook().id() + "\n" + rule.target() + "\n" + key)
          .getBytes(StandardCharsets.UTF_8));
      return "incident-" + rule.runbook().id() + "-" + rule.target() + "-" + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
