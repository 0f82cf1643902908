package dev.runbook.activities.exec;

/**
 * Runs commands on one host: in this process's machine (agents) or over one SSH connection (hosts
 * without an agent). Opened for one activity and closed at its end, so an SSH connection is reused
 * by every command of the activity.
 *
 * <p>Failures: {@link ExecException} with a stable type: {@code HostUnreachable} and
 * {@code CommandTimedOut} are retryable; {@code HostKeyRejected}, {@code SshAuthFailed} are not.
 * A command that exits non-zero is not an exception: callers read {@link CommandResult#exitCode()}.
 */
public interface HostShell extends AutoCloseable {
  /**
   * Runs {@code command} to completion or its timeout, calling {@code tick} about every second
   * while it runs (activities heartbeat there; a cancelled activity throws from {@code tick}, which
   * kills the command).
   */
  CommandResult run(Command command, Runnable tick);

  /** The operating system's host name and user on the far side, for example {@code fs01 as runbook}. */
  String describe();

  @Override
  void close();
}
