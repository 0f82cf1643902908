package dev.runbook.cli;

import dev.runbook.cli.internal.ScheduleNameOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook schedules unpause}: the schedule starts runs again. */
@Command(name = "unpause", mixinStandardHelpOptions = true,
    description = {"Let a paused schedule start runs again, from its next start time (missed starts within its catchupWindow run at once).",
        "Exit 0 done, 2 no such schedule, 3 the schedule is in the file but was not applied."})
public final class SchedulesUnpauseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ScheduleNameOptions schedule;

  @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why; shown by `runbook schedules list` and in the Temporal UI.")
  String note;

  @Override
  public Integer call() {
    return schedule.pause(false, note, spec.commandLine().getOut());
  }
}
