package dev.runbook.workflows;

/**
 * Stable {@code ApplicationFailure} types raised by activities. Workflows, retry policies and the CLI
 * match on these strings, so they never change once released. Each activity interface says which
 * of them it raises and whether they are retried.
 */
public final class FailureTypes {
  /** The workflow input is incomplete or malformed, for example without an instance. Not retryable. */
  public static final String INVALID_INPUT = "InvalidInput";
  /** The configuration file is missing or invalid. Not retryable. */
  public static final String CONFIG_INVALID = "ConfigInvalid";
  /** The input names an instance the configuration does not have. Not retryable. */
  public static final String UNKNOWN_INSTANCE = "UnknownInstance";
  /** A secret reference names an unset environment variable or an unreadable file. Not retryable. */
  public static final String SECRET_MISSING = "SecretMissing";
  /** Bitbucket did not answer (connection refused, timeout, HTTP 5xx other than a documented state). Retryable. */
  public static final String BITBUCKET_UNREACHABLE = "BitbucketUnreachable";
  /** Bitbucket refused the credentials (HTTP 401/403). Not retryable. */
  public static final String BITBUCKET_AUTH = "BitbucketAuthFailed";
  /** Bitbucket answered something the documented API does not allow. Not retryable. */
  public static final String BITBUCKET_PROTOCOL = "BitbucketProtocol";
  /**
   * Bitbucket answered HTTP 404 for an endpoint: it does not exist on this Bitbucket (for example the Mesh
   * endpoints before 8.0), or the object asked for does not. Not retryable, as {@link #BITBUCKET_PROTOCOL}, which
   * carried these before (with {@code HTTP 404} in its message) in runs recorded earlier.
   */
  public static final String BITBUCKET_NOT_FOUND = "BitbucketNotFound";
  /** A host activity reached an agent that serves another host. Not retryable. */
  public static final String WRONG_HOST = "WrongHost";
  /** A host did not answer over SSH, or the connection dropped. Retryable. */
  public static final String HOST_UNREACHABLE = "HostUnreachable";
  /** A host's SSH key is not in, or differs from, the configured known_hosts file. Not retryable. */
  public static final String HOST_KEY_REJECTED = "HostKeyRejected";
  /** The SSH server refused the configured key. Not retryable. */
  public static final String SSH_AUTH_FAILED = "SshAuthFailed";
  /** A command on a host exited non-zero. Retryable within the step's attempts. */
  public static final String COMMAND_FAILED = "CommandFailed";
  /** A command on a host ran past its timeout and was killed. Retryable within the step's attempts. */
  public static final String COMMAND_TIMED_OUT = "CommandTimedOut";
  /**
   * A filesystem stayed frozen longer than {@code maxFreeze}: the watchdog thawed it, and the snapshot
   * taken meanwhile was discarded. Not retryable: the snapshot step is too slow for the limit.
   */
  public static final String FREEZE_EXCEEDED = "FreezeExceeded";
  /** A provider's precondition does not hold (not a mount point, no space, database unreachable). Not retryable. */
  public static final String PRECONDITION_FAILED = "PreconditionFailed";
  /** Bitbucket is not in a state the step can work with (maintenance refused, drain failed). Not retryable. */
  public static final String BITBUCKET_STATE = "BitbucketState";
  /** Another run of the same instance holds it (backup or restore). Not retryable. */
  public static final String INSTANCE_BUSY = "InstanceBusy";
  /**
   * A runbook failed after changing a system, and putting things back failed too: the message says
   * what was left and where. Not retryable; an operator must look.
   */
  public static final String UNDO_INCOMPLETE = "UndoIncomplete";
  /** A restore was rejected, or not approved in time: nothing was changed. Not retryable. */
  public static final String NOT_APPROVED = "NotApproved";
  /**
   * A runbook ran past the deadline it keeps itself (for example {@code backupDeadline}): it stopped and
   * cleaned up as for any other failure. Not retryable.
   */
  public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  /**
   * A host refused a destructive step because, under its own configuration's {@code approval: signed}, the step's
   * signed request or approval does not hold (missing, forged, another run's, or one key for both). Not retried.
   */
  public static final String APPROVAL_REFUSED = "ApprovalRefused";
  /** The catalog database could not be reached or written. Retryable. */
  public static final String CATALOG_UNAVAILABLE = "CatalogUnavailable";
  /** The step needs something this build does not implement yet. Not retryable. */
  public static final String NOT_IMPLEMENTED = "NotImplemented";

  /**
   * An AWS API did not answer, throttled, or failed on its side (network error, HTTP 5xx,
   * {@code RequestLimitExceeded}), or a resource did not reach the awaited state in time. Retryable.
   */
  public static final String AWS_UNAVAILABLE = "AwsUnavailable";
  /**
   * An AWS API refused the request (access denied, invalid parameter, resource not found or in the
   * wrong state), or a snapshot failed on AWS's side. Not retryable: the message says what and where.
   */
  public static final String AWS_REFUSED = "AwsRefused";

  private FailureTypes() {}
  /** The input names a mirror the configuration does not have. Not retryable. */
  public static final String UNKNOWN_MIRROR = "UnknownMirror";
  /**
   * A mirror or the primary is not in the state a mirror step needs, for example a stale record still
   * present before a reconnect, or a rejected request. Not retryable: the recovery says what it saw.
   */
  public static final String MIRROR_STATE = "MirrorState";
  /**
   * A mirroring request belongs to another mirror (neither its id nor its base URL match). Not retryable:
   * the runbook never accepts another mirror's request.
   */
  public static final String MIRROR_MISMATCH = "MirrorMismatch";
  /** The mirror sent no authorization request within the step's wait. Retryable. */
  public static final String MIRROR_NO_REQUEST = "MirrorNoRequest";
  /** A recovery was asked for a mirror that is healthy: nothing was changed. Not retryable. */
  public static final String MIRROR_HEALTHY = "MirrorHealthy";
}
