package dev.runbook.workflows.catalog;

import java.time.Instant;

/**
 * A decision on a run that needs approval.
 *
 * @param runId the run
 * @param decision APPROVED, REJECTED, WAIVED (configuration needs none) or TIMED_OUT
 * @param decidedBy who decided; null when waived or timed out
 * @param reason why, as given
 * @param at when
 */
public record ApprovalRecord(String runId, String decision, String decidedBy, String reason, Instant at) {}
