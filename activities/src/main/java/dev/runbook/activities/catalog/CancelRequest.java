package dev.runbook.activities.catalog;

import java.time.Instant;

/**
 * A request to cancel a run, as {@code runbook cancel} records it.
 *
 * @param runId the run
 * @param requestedBy who asked
 * @param reason why
 * @param at when
 */
public record CancelRequest(String runId, String requestedBy, String reason, Instant at) {}
