package dev.runbook.workflows.catalog;

import dev.runbook.workflows.run.RunStatus;
import java.time.Instant;

/**
 * A run as another runbook needs to see it.
 *
 * @param runId its run id
 * @param workflowId its workflow id
 * @param requestedBy who asked for it
 * @param status its status
 * @param summary one line on how it ended; null while running
 * @param startedAt when it started
 */
public record RunSummary(String runId, String workflowId, String requestedBy, RunStatus status, String summary,
                         Instant startedAt) {}
