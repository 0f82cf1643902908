package dev.runbook.workflows.sweep;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The sweep's control activities: they read the catalog, ask Temporal about the runs it records,
 * and close what those runs left. Run on the control queue. Failures: {@code CatalogUnavailable},
 * {@code BitbucketUnreachable} (retryable), {@code BitbucketAuthFailed} (not).
 */
@ActivityInterface
public interface SweepActivities {
  /**
   * Finds runs, leases, maintenance locks, restore points and verify runs' scratch copies left by runs that are not open in
   * Temporal. Changes nothing.
   */
  @ActivityMethod(name = "SweepFindLeftovers")
  Leftovers findLeftovers(LeftoversRequest request);

  /**
   * Releases a maintenance lock with the token recorded when it was taken, then forgets it. A lock
   * Bitbucket no longer holds counts as released. Returns what was done.
   */
  @ActivityMethod(name = "SweepReleaseLock")
  String releaseLock(StaleLock lock);

  /** Records the run's outcome with the reason Temporal gives, if the catalog still says RUNNING; true when it did. */
  @ActivityMethod(name = "SweepCloseRun")
  boolean closeRun(StaleRun run);
}
