package dev.runbook.workflows.catalog;

import dev.runbook.workflows.run.Trigger;
import java.time.Instant;

/**
 * A run begins.
 *
 * @param runId Temporal's run id, the catalog's key for the run
 * @param workflowId the workflow id
 * @param runbook the runbook kind, for example {@code check}
 * @param instance the instance name as given in the input
 * @param trigger what started it
 * @param requestedBy who asked for it, as the input says; null when unknown
 * @param parameters the workflow input as JSON; the catalog removes secret-looking values again
 * @param startedAt workflow time at start
 */
public record RunStarted(String runId, String workflowId, String runbook, String instance, Trigger trigger,
                         String requestedBy, String parameters, Instant startedAt) {}
