package dev.runbook.activities.catalog;

import dev.runbook.workflows.run.RunStatus;
import java.time.Instant;

/**
 * Which runs to list, newest first. Every filter is optional (null: any).
 *
 * @param instance only this instance
 * @param runbook only this runbook kind
 * @param status only runs in this status
 * @param trigger only runs started this way ({@code cli}, {@code schedule}, ...)
 * @param requestedBy only runs asked for by exactly this person (or {@code schedule NAME})
 * @param since only runs started at or after this time
 * @param until only runs started before this time
 * @param limit at most this many
 */
public record RunQuery(String instance, String runbook, RunStatus status, String trigger, String requestedBy,
                       Instant since, Instant until, int limit) {
  /** Runs of {@code instance} and {@code runbook} (either may be null), at most {@code limit}. */
  public RunQuery(String instance, String runbook, int limit) {
    this(instance, runbook, null, null, null, null, null, limit);
  }
}
