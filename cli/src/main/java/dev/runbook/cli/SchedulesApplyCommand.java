package dev.runbook.cli;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.ScheduleCommands;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.worker.schedules.ScheduleSync;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook schedules apply}: makes Temporal's schedules match the file's. */
@Command(name = "apply", mixinStandardHelpOptions = true,
    description = {"Make Temporal's schedules match the schedules: section: create (+), update (~, naming what changed) "
        + "and delete (-) the schedules runbook owns (id runbook-NAME, marked as runbook's); = is unchanged. Schedules "
        + "runbook does not own are never touched.",
        "Exit 0 done, 2 invalid configuration, 3 a schedule of the same id exists that runbook does not own (nothing changed)."})
public final class SchedulesApplyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Option(names = "--dry-run", description = "Print the changes and make none.")
  boolean dryRun;

  @Override
  public Integer call() {
    RunbookConfig c = config.load(false);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, 15, out, launcher -> {
      boolean ok = ScheduleCommands.apply(ScheduleSync.of(launcher.client()), c.schedules(), dryRun, true, "", out);
      if (!ok) {
        spec.commandLine().getErr().println("nothing changed: resolve the ! lines above");
        return ExitCode.UNEXPECTED_STATE;
      }
      out.println(dryRun ? "(dry run: nothing changed)" : "schedules match " + config.file());
      return ExitCode.OK;
    });
  }
}
