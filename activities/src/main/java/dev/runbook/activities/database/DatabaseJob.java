package dev.runbook.activities.database;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.SecretRef;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.host.HostContext;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;

/**
 * One database activity's work, handed to a {@link DatabaseProvider}: the host, the instance, the
 * restore point (null for checks), the secrets, and the shell commands run through (opened at the
 * first command, so a provider that only calls an API opens none).
 */
public record DatabaseJob(HostContext host, InstanceConfig instance, String restorePointId, Secrets secrets,
                          HostShell shell) {
  /** Runs a command; heartbeats while it runs. */
  public CommandResult run(Command command) {
    return shell.run(command, host::heartbeat);
  }

  /** Runs a command that must succeed; a non-zero exit is a (retryable) {@code CommandFailed}. */
  public CommandResult must(Command c) {
    CommandResult r = run(c);
    if (!r.ok()) {
      throw ApplicationFailure.newFailure(c.argv().get(0) + " exited " + r.exitCode() + " on " + host.hostName()
          + (r.lastLine().isEmpty() ? "" : ": " + r.lastLine()), FailureTypes.COMMAND_FAILED);
    }
    return r;
  }

  /** The secret {@code ref} (configured at {@code what}), or a non-retryable {@code SecretMissing}. */
  public String secret(String what, SecretRef ref) {
    try {
      return secrets.resolve("instance " + instance.name() + " " + what, ref);
    } catch (Secrets.MissingSecretException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.SECRET_MISSING);
    }
  }

  /** A precondition that does not hold: not retryable, nothing was changed. */
  public static ApplicationFailure precondition(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.PRECONDITION_FAILED);
  }

  /** A capability this database provider does not have yet: not retryable, nothing was changed. */
  public static ApplicationFailure notSupported(DatabaseJob job, String what) {
    return ApplicationFailure.newNonRetryableFailure(what + " is not supported yet for database provider '"
        + job.instance().database().provider() + "'", FailureTypes.NOT_IMPLEMENTED);
  }
}
