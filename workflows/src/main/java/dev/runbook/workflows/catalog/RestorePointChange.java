package dev.runbook.workflows.catalog;

import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;

/**
 * A change of a restore point's record: started (with its run), completed (with its artifacts and
 * timings), failed (with why), or deleted (its artifacts gone). Fields a change does not set are null.
 *
 * @param id the restore point
 * @param instance the instance
 * @param status the new status
 * @param at when
 * @param runId the run that made it (started)
 * @param artifacts its artifacts (completed)
 * @param freezeStartedAt first freeze (completed; null when nothing was frozen)
 * @param freezeEndedAt last thaw (completed)
 * @param homeStartedAt when the home snapshot began (completed)
 * @param dbStartedAt when the database backup began (completed)
 * @param detail why (failed, deleted)
 */
public record RestorePointChange(String id, String instance, RestorePointStatus status, Instant at, String runId,
                                 List<Artifact> artifacts, Instant freezeStartedAt, Instant freezeEndedAt,
                                 Instant homeStartedAt, Instant dbStartedAt, String detail) {
  public static RestorePointChange started(String id, String instance, String runId, Instant at) {
    return new RestorePointChange(id, instance, RestorePointStatus.CREATING, at, runId, null, null, null, null, null, null);
  }

  public static RestorePointChange failed(String id, String instance, Instant at, String why) {
    return new RestorePointChange(id, instance, RestorePointStatus.FAILED, at, null, null, null, null, null, null, why);
  }

  public static RestorePointChange deleted(String id, String instance, Instant at, String why) {
    return new RestorePointChange(id, instance, RestorePointStatus.DELETED, at, null, null, null, null, null, null, why);
  }
}
