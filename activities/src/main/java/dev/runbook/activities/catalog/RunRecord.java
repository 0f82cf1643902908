package dev.runbook.activities.catalog;

import dev.runbook.workflows.run.RunStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * A run as the catalog holds it.
 *
 * @param id Temporal's run id
 * @param workflowId the workflow id
 * @param runbook the runbook kind
 * @param instance the instance name
 * @param trigger what started it ({@code cli}, {@code schedule}, ...)
 * @param requestedBy who asked for it
 * @param parameters the input as JSON, secrets removed
 * @param status its status
 * @param summary one line on how it ended; null while running
 * @param startedAt start time
 * @param endedAt end time; null while running
 */
public record RunRecord(String id, String workflowId, String runbook, String instance, String trigger,
                        String requestedBy, String parameters, RunStatus status, String summary,
                        Instant startedAt, Instant endedAt) {
  /** From start to end (or to {@code now} while running). */
  public Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt != null ? endedAt : now);
  }
}
