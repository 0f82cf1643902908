package dev.runbook.workflows.sweep;

/**
 * A run the catalog records as RUNNING that Temporal reports closed, or no longer knows.
 *
 * @param runId the run
 * @param workflowId its workflow id
 * @param runbook its kind, for example {@code backup}
 * @param instance its instance or mirror; null for runs on no instance
 * @param temporalStatus what Temporal reports: {@code TERMINATED}, {@code TIMED_OUT}, {@code FAILED},
 *     {@code CANCELED}, {@code COMPLETED}, {@code CONTINUED_AS_NEW}, or {@code NOT_FOUND}
 * @param reason why it closed, as far as Temporal says (the termination's reason and identity)
 */
public record StaleRun(String runId, String workflowId, String runbook, String instance, String temporalStatus,
                       String reason) {}
