package dev.runbook.cli;

import dev.runbook.cli.internal.ScheduleNameOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook schedules pause}: no more starts until unpaused; a run already going goes on. */
@Command(name = "pause", mixinStandardHelpOptions = true,
    description = {"Stop a schedule from starting runs until it is unpaused; a run it already started goes on (`runbook cancel` stops it). "
        + "The pause stays when the file is applied again, unless the file's own paused: changes.",
        "Exit 0 done, 2 no such schedule, 3 the schedule is in the file but was not applied."})
public final class SchedulesPauseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ScheduleNameOptions schedule;

  @Option(names = "--note", required = true, paramLabel = "TEXT", description = "Why; shown by `runbook schedules list` and in the Temporal UI.")
  String note;

  @Override
  public Integer call() {
    return schedule.pause(true, note, spec.commandLine().getOut());
  }
}
