package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code runbook mirror}: Smart Mirror health, recovery and the staging guard. */
@Command(name = "mirror", mixinStandardHelpOptions = true,
    description = "Smart Mirror runbooks: check health, recover a mirror cut off from its primary, guard against a "
        + "staging clone sharing production's mirrors.",
    subcommands = {MirrorCheckCommand.class, MirrorRecoverCommand.class, MirrorGuardCommand.class})
public final class MirrorCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: try `runbook mirror check`.");
  }
}
