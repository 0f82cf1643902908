package dev.runbook.cli;

import dev.runbook.cli.internal.ScheduleNameOptions;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook schedules trigger}: one run now, as the schedule would start it. */
@Command(name = "trigger", mixinStandardHelpOptions = true,
    description = {"Start the schedule's runbook now, as the schedule starts it (trigger schedule, its input, its summary), "
        + "paused or not. Skipped when the schedule's previous run is still going.",
        "Exit 0 requested, 2 no such schedule, 3 the schedule is in the file but was not applied."})
public final class SchedulesTriggerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ScheduleNameOptions schedule;

  @Override
  public Integer call() {
    return schedule.run(spec.commandLine().getOut(), (handle, out) -> {
      // SKIP as the schedule's own policy: a trigger never overlaps the schedule's running run either.
      handle.trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      out.println(schedule.name() + ": triggered (skipped if its previous run is still going); `runbook schedules list` shows the run");
      return ExitCode.OK;
    });
  }
}
