package dev.runbook.activities.home;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.host.HostContext;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * One home activity's work, handed to a {@link SnapshotProvider}: the host, the instance's home
 * configuration, the restore point, the restore run's keep stamp (null outside restores), and the
 * shell commands run through (opened at the first command, so a provider that only calls an API
 * opens none).
 */
public record HomeJob(HostContext host, InstanceConfig instance, String restorePointId, String keepStamp, HostShell shell) {
  public InstanceConfig.HomeConfig home() {
    return instance.home();
  }

  public List<String> mounts() {
    return instance.home().mounts();
  }

  /** Runs a command; heartbeats while it runs. */
  public CommandResult run(Command command) {
    return shell.run(command, host::heartbeat);
  }

  /** Runs a command that must succeed; a non-zero exit is a (retryable) {@code CommandFailed}. */
  public CommandResult must(Command command) {
    CommandResult r = run(command);
    if (!r.ok()) {
      throw ApplicationFailure.newFailure(command.display() + " exited " + r.exitCode() + " on " + host.hostName()
          + (r.lastLine().isEmpty() ? "" : ": " + r.lastLine()), FailureTypes.COMMAND_FAILED);
    }
    return r;
  }

  /** A precondition that does not hold: not retryable, nothing was changed. */
  public static ApplicationFailure precondition(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.PRECONDITION_FAILED);
  }

  /** A capability this home provider does not have yet: not retryable, nothing was changed. */
  public static ApplicationFailure notSupported(HomeJob job, String what) {
    return ApplicationFailure.newNonRetryableFailure(what + " is not supported yet for home provider '"
        + job.home().snapshot().provider() + "'", FailureTypes.NOT_IMPLEMENTED);
  }
}
