package dev.runbook.workflows.mirror;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Bitbucket REST calls of the mirror runbooks, on the control queue: the mirror's own API (8.x or 9.x,
 * chosen by the version it reports) and the primary's mirror records and authorization requests. Every
 * call that changes something first looks again, so a retry or a re-run never deletes a healthy record
 * and never accepts twice.
 *
 * <p>Failures: {@link FailureTypes#BITBUCKET_UNREACHABLE} and {@link FailureTypes#MIRROR_NO_REQUEST} are
 * retryable; {@link FailureTypes#BITBUCKET_AUTH}, {@link FailureTypes#BITBUCKET_PROTOCOL},
 * {@link FailureTypes#BITBUCKET_NOT_FOUND} (an unexpected HTTP 404; the reconnect page's 404 stays BITBUCKET_PROTOCOL),
 * {@link FailureTypes#SECRET_MISSING}, {@link FailureTypes#CONFIG_INVALID}, {@link FailureTypes#UNKNOWN_MIRROR},
 * {@link FailureTypes#UNKNOWN_INSTANCE}, {@link FailureTypes#MIRROR_STATE} and
 * {@link FailureTypes#MIRROR_MISMATCH} are not.
 */
@ActivityInterface
public interface MirrorActivities {
  /** Looks at the mirror and its primary; changes nothing. An unreachable side is reported, not thrown. */
  @ActivityMethod(name = "InspectMirror")
  MirrorInspection inspect(MirrorCall call);

  /**
   * Deletes the primary's record of this mirror (only the record with this mirror's id) when the mirror
   * reports its upstream REMOVED or UNKNOWN. A mirror that is INSTALLED, or PENDING with its record
   * present (accepted, installing), keeps its record; an absent record is not an error.
   */
  @ActivityMethod(name = "RemoveStaleMirrorRecord")
  StaleRecordRemoval removeStaleRecord(MirrorCall call);

  /**
   * Makes the mirror send a new authorization request to the primary (the reconnect call) and waits up to
   * 30 s for it to appear there. Sends nothing when a request from this mirror already waits, or when the
   * mirror is INSTALLED or being installed.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#MIRROR_STATE} when the primary still
   *     holds a record of the removed mirror (the request would fail); {@link FailureTypes#MIRROR_NO_REQUEST}
   *     (retryable) when no request appeared
   */
  @ActivityMethod(name = "RequestMirrorAuthorization")
  Reauthorization requestAuthorization(MirrorCall call);

  /**
   * Accepts this mirror's PENDING request on the primary. A request already accepted is reported as such
   * (no second accept).
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#MIRROR_MISMATCH} when the request is
   *     another mirror's; {@link FailureTypes#MIRROR_STATE} when it was rejected or there is none to accept
   */
  @ActivityMethod(name = "AcceptMirrorRequest")
  Acceptance acceptRequest(AcceptCall call);

  /**
   * Waits for the mirror to report INSTALLED and then for every repository to synchronize, looking every
   * poll interval and heartbeating the progress. A timeout is returned, not thrown.
   */
  @ActivityMethod(name = "AwaitMirrorSynchronized")
  SyncWait awaitSynchronized(SyncWaitCall call);

  /**
   * Waits until one node answers RUNNING on {@code /status} at its configured {@code url}, looking every
   * poll interval and heartbeating. A node without a URL is not waited for (said in the detail).
   */
  @ActivityMethod(name = "AwaitMirrorNodeRunning")
  NodeWait awaitNodeRunning(NodeWaitCall call);

  /** Every mirror record an instance holds (all pages of {@code mirrorServers}). Changes nothing. */
  @ActivityMethod(name = "ListMirrorServers")
  MirrorServers listMirrorServers(InstanceMirrorsCall call);
}
