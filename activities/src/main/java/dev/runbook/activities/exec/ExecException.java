package dev.runbook.activities.exec;

/** Running a command failed before it could exit on its own; {@link #type()} is stable. */
public final class ExecException extends RuntimeException {
  /** The host did not answer, or the connection dropped. Retryable. */
  public static final String HOST_UNREACHABLE = "HostUnreachable";
  /** The SSH host key is unknown or changed. Not retryable. */
  public static final String HOST_KEY_REJECTED = "HostKeyRejected";
  /** The SSH server refused the key. Not retryable. */
  public static final String SSH_AUTH_FAILED = "SshAuthFailed";
  /** The command ran past its timeout and was killed. Retryable. */
  public static final String COMMAND_TIMED_OUT = "CommandTimedOut";

  private final String type;

  public ExecException(String type, String message, Throwable cause) {
    super(message, cause);
    this.type = type;
  }

  public String type() {
    return type;
  }

  public boolean retryable() {
    return HOST_UNREACHABLE.equals(type) || COMMAND_TIMED_OUT.equals(type);
  }
}
