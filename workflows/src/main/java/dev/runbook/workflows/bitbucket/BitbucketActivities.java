package dev.runbook.workflows.bitbucket;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Calls to an instance's Bitbucket REST API, made by the control worker. Credentials are resolved
 * inside the activity from the instance's configuration and never leave it.
 *
 * <p>Failures: {@link FailureTypes#BITBUCKET_UNREACHABLE} (retryable) when it does not answer;
 * {@link FailureTypes#BITBUCKET_AUTH}, {@link FailureTypes#BITBUCKET_PROTOCOL}, {@link FailureTypes#BITBUCKET_NOT_FOUND}
 * (HTTP 404, such as the Mesh endpoints before 8.0), {@link FailureTypes#SECRET_MISSING}, {@link FailureTypes#UNKNOWN_INSTANCE} and
 * {@link FailureTypes#CONFIG_INVALID} (not retryable).
 */
@ActivityInterface
public interface BitbucketActivities {
  /** {@code GET /status} without authentication; a 503 STARTING is an answer, not a failure. */
  @ActivityMethod(name = "BitbucketStatus")
  BitbucketStatus status(BitbucketRequest request);

  /** {@code GET /rest/api/1.0/application-properties} with the instance's admin credentials. */
  @ActivityMethod(name = "BitbucketVersion")
  BitbucketVersion version(BitbucketRequest request);

  /**
   * Locked mode: takes the maintenance lock and starts an external backup
   * ({@code POST /mvc/maintenance/lock}, then {@code POST /mvc/admin/backups?external=true}). If the
   * second call fails, it unlocks before failing. {@link FailureTypes#BITBUCKET_STATE} (not retried)
   * when Bitbucket refuses the lock, for example because it is already locked. Safe to retry: each token
   * is recorded as the attempt's heartbeat as soon as Bitbucket gives it, and a retry that finds one
   * still valid ({@code GET /mvc/maintenance} accepts it) goes on with that lock.
   */
  @ActivityMethod(name = "BitbucketLock")
  MaintenanceLock lock(BitbucketRequest request);

  /**
   * Polls {@code GET /mvc/maintenance} with a pause until the database and repositories are drained,
   * heartbeating; fails with {@link FailureTypes#BITBUCKET_STATE} when the backup task stops running
   * or the drain takes longer than the request's timeout.
   */
  @ActivityMethod(name = "BitbucketAwaitDrained")
  void awaitDrained(MaintenanceRequest request);

  /** Reports the backup's progress to Bitbucket ({@code POST /mvc/admin/backups/progress/client}). */
  @ActivityMethod(name = "BitbucketProgress")
  void progress(MaintenanceRequest request);

  /**
   * Polls {@code /status} every second until it answers RUNNING (or, with {@code running=false},
   * until it no longer does), heartbeating; fails with {@link FailureTypes#BITBUCKET_STATE} after the
   * timeout, naming the last state seen.
   */
  @ActivityMethod(name = "BitbucketAwaitStatus")
  BitbucketStatus awaitStatus(StatusWait wait);

  /** Releases the maintenance lock ({@code DELETE /mvc/maintenance/lock}); releasing a released lock succeeds. */
  @ActivityMethod(name = "BitbucketUnlock")
  void unlock(MaintenanceRequest request);

  /**
   * Every member Bitbucket lists as a Mesh node ({@code GET /rest/api/latest/admin/git/mesh/nodes}, all
   * pages, admin credentials), sidecars included and flagged ({@link MeshNode#sidecar()}). Bitbucket
   * answers each as {@code {id, name, rpcId, rpcUrl, state, offline, lastSeenDate, availabilityZone}}
   * in its standard page {@code {size, limit, isLastPage, start, nextPageStart, values}}.
   */
  @ActivityMethod(name = "BitbucketMeshNodes")
  MeshNodeList meshNodes(BitbucketRequest request);

  /**
   * Bitbucket's connectivity report between its nodes and the Mesh nodes
   * ({@code GET /rest/api/latest/admin/git/mesh/diagnostics/connectivity}, admin credentials), answered as
   * {@code {reports: [{node: {id, name, type}, summaries: [{node: {id, name, type},
   * summary: {reachable, roundTripTime, errorMessage}}]}]}} with types BITBUCKET or MESH.
   */
  @ActivityMethod(name = "BitbucketMeshConnectivity")
  MeshConnectivity meshConnectivity(BitbucketRequest request);

  /**
   * Polls {@link #meshNodes} every second, heartbeating, until every named node is registered and
   * AVAILABLE, and returns the last list. A Bitbucket that does not answer yet (refused connections, a
   * load balancer's error page, a 5xx) counts as not yet. Fails with {@link FailureTypes#BITBUCKET_STATE}
   * after the timeout, naming each node not available and its last state (or that it is not registered);
   * {@link FailureTypes#BITBUCKET_AUTH} at once.
   */
  @ActivityMethod(name = "BitbucketAwaitMeshAvailable")
  MeshNodeList awaitMeshAvailable(MeshWait wait);
}
