package dev.runbook.cli.internal;

import dev.runbook.worker.schedules.ScheduleSync;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.PrintWriter;
import java.util.function.BiFunction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What the commands on one schedule take: its name, the file, the Temporal connection. */
public final class ScheduleNameOptions {
  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Parameters(paramLabel = "NAME", converter = InputChecks.Name.class, description = "The schedule's name in the file (its Temporal id without runbook-).")
  String name;

  public String name() {
    return name;
  }

  /**
   * Pauses or unpauses the schedule with {@code note}, signed with the user's name so that the Temporal UI
   * and {@code list} say who did it, and says so.
   */
  public int pause(boolean pause, String note, PrintWriter out) {
    String signed = note + " (" + System.getProperty("user.name") + ")";
    return run(out, (handle, o) -> {
      if (pause) {
        handle.pause(signed);
      } else {
        handle.unpause(signed);
      }
      o.println(name + (pause ? ": paused: " : ": unpaused: ") + signed);
      return 0;
    });
  }

  /** Connects, finds the schedule (exit 2 or 3 when runbook has none of that name) and runs {@code body} on it. */
  public int run(PrintWriter out, BiFunction<ScheduleHandle, PrintWriter, Integer> body) {
    var file = config.loadIfPresent();
    return TemporalCommand.run(temporal, 15, out,
        launcher -> body.apply(ScheduleCommands.handle(ScheduleSync.of(launcher.client()), name, file), out));
  }
}
