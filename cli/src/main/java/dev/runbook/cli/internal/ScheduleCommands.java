package dev.runbook.cli.internal;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.cli.ExitCode;
import dev.runbook.worker.schedules.ScheduleChange;
import dev.runbook.worker.schedules.ScheduleSpecs;
import dev.runbook.worker.schedules.ScheduleSync;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** What the {@code runbook schedules} commands and {@code runbook up} share. */
public final class ScheduleCommands {
  private ScheduleCommands() {}

  /**
   * Applies the file's schedules and prints the changes ({@code +}, {@code ~}, {@code -}; with
   * {@code unchanged}, the {@code =} lines too).
   *
   * @return false when a conflict kept apply from changing anything (each conflict printed with {@code !})
   */
  public static boolean apply(ScheduleSync sync, List<ScheduleConfig> desired, boolean dryRun, boolean unchanged,
                              String indent, PrintWriter out) {
    List<ScheduleChange> plan = sync.plan(desired);
    plan.stream().filter(c -> unchanged || c.op() != ScheduleChange.Op.UNCHANGED).forEach(c -> out.println(indent + c.line()));
    out.flush();
    return dryRun ? plan.stream().noneMatch(c -> c.op() == ScheduleChange.Op.CONFLICT) : sync.apply(desired, plan);
  }

  /** The handle of runbook's schedule {@code name}; exit 3 when it was not applied, 2 when nothing knows it. */
  public static ScheduleHandle handle(ScheduleSync sync, String name, Optional<RunbookConfig> config) {
    Optional<ScheduleHandle> handle = sync.owned(name);
    if (handle.isPresent()) {
      return handle.get();
    }
    if (config.flatMap(c -> c.schedule(name)).isPresent()) {
      throw new CliException(ExitCode.UNEXPECTED_STATE, "schedule " + name + " is in the file but not in Temporal: "
          + "run `runbook schedules apply -c FILE` first");
    }
    throw new CliException(ExitCode.INVALID_INPUT, "no schedule '" + name + "' of runbook's (Temporal id "
        + ScheduleSpecs.id(name) + "); `runbook schedules list` shows them");
  }
}
