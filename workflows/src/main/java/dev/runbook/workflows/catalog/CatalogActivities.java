package dev.runbook.workflows.catalog;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes the audit record of runs to the catalog database (run, steps, outcome), which outlives
 * Temporal's history. Runs on the control queue. Every call is idempotent, so retries never
 * duplicate rows. Failure: {@link FailureTypes#CATALOG_UNAVAILABLE} (retryable).
 */
@ActivityInterface
public interface CatalogActivities {
  @ActivityMethod(name = "CatalogRunStarted")
  void runStarted(RunStarted run);

  @ActivityMethod(name = "CatalogStepEnded")
  void stepEnded(StepEnded step);

  @ActivityMethod(name = "CatalogRunFinished")
  void runFinished(RunFinished run);

  /** Records a restore point's new status (and, when completed, its artifacts and timings). Idempotent. */
  @ActivityMethod(name = "CatalogRestorePoint")
  void restorePoint(RestorePointChange change);

  /**
   * Claims the instance for this run. Succeeds when nobody holds it, when this run already does, or
   * when the holder's run is no longer open in Temporal (a worker died without releasing).
   *
   * @throws io.temporal.failure.ApplicationFailure {@link dev.runbook.workflows.FailureTypes#INSTANCE_BUSY}
   *     (not retryable) naming the run that holds it
   */
  @ActivityMethod(name = "CatalogAcquireInstance")
  void acquireInstance(InstanceLease lease);

  /** Releases the instance if this run holds it. */
  @ActivityMethod(name = "CatalogReleaseInstance")
  void releaseInstance(InstanceLease lease);

  /** Records an approval decision on a run. Idempotent. */
  @ActivityMethod(name = "CatalogApproval")
  void approval(ApprovalRecord approval);

  /** True when a restore point with this id exists in any status. */
  @ActivityMethod(name = "CatalogRestorePointExists")
  boolean restorePointExists(RestorePointLookup lookup);

  /** Restore points of exactly one instance, newest first. */
  @ActivityMethod(name = "CatalogRestorePoints")
  RestorePointList restorePoints(RestorePointQuery query);

  /** The newest run of one runbook kind on one instance or mirror. Changes nothing. */
  @ActivityMethod(name = "CatalogLastRun")
  LastRun lastRun(LastRunQuery query);

  /**
   * Takes a verification's hold on a restore point, recording it as RUNNING: retention does not delete a
   * point while an open run holds it. Idempotent for the same run.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link dev.runbook.workflows.FailureTypes#PRECONDITION_FAILED}
   *     (not retryable) when the point is not COMPLETE (being deleted, deleted, failed)
   */
  @ActivityMethod(name = "CatalogBeginVerification")
  void beginVerification(dev.runbook.workflows.verify.Verification verification);

  /** Records a verification's outcome and evidence, which ends its hold. Idempotent. */
  @ActivityMethod(name = "CatalogEndVerification")
  void endVerification(dev.runbook.workflows.verify.Verification verification);

  /** True when a run that is still open holds the restore point for a verification. Changes nothing. */
  @ActivityMethod(name = "CatalogVerificationHeld")
  boolean verificationHeld(RestorePointLookup lookup);
}
