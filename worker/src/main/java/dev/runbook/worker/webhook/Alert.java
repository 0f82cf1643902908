package dev.runbook.worker.webhook;

import java.util.Map;

/**
 * One alert out of a request body, in the form the rules read.
 *
 * @param name the alert's name (Alertmanager's {@code alertname} label, the generic body's {@code alert})
 * @param labels every label it carries
 * @param key what makes this incident one incident: the generic body's {@code key}, or Alertmanager's
 *     {@code fingerprint} and {@code startsAt}, which stay the same while the alert keeps firing
 * @param firing false for a resolved alert, which starts nothing
 */
public record Alert(String name, Map<String, String> labels, String key, boolean firing) {
  public Alert {
    labels = Map.copyOf(labels);
  }
}
