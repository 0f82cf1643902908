package dev.runbook.cli;

import picocli.CommandLine.Command;

/** {@code runbook config}: configuration tools. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration file.",
    subcommands = {ConfigValidateCommand.class})
public final class ConfigCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing a command: try `runbook config validate`.");
  }
}
