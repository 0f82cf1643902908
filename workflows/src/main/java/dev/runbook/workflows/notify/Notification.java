package dev.runbook.workflows.notify;

/**
 * A message for the instance's webhooks.
 *
 * @param instance the instance, whose configuration names the webhooks
 * @param runbook the runbook kind
 * @param runId the run
 * @param status {@code SUCCEEDED}, {@code FAILED}, ...
 * @param text one or two lines for people (becomes Slack's {@code text})
 */
public record Notification(String instance, String runbook, String runId, String status, String text) {}
