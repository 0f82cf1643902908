package dev.runbook.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code runbook schedules}: the runbooks Temporal starts on a calendar, from the file's {@code schedules:}. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
    description = "Temporal Schedules made from the schedules: section of runbook.yaml: apply them, list them, pause, "
        + "unpause or trigger one. See docs/schedules.md.",
    subcommands = {SchedulesApplyCommand.class, SchedulesListCommand.class, SchedulesPauseCommand.class,
        SchedulesUnpauseCommand.class, SchedulesTriggerCommand.class})
public final class SchedulesCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a command: try `runbook schedules list`.");
  }
}
