package dev.runbook.cli;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.worker.schedules.ScheduleView;
import dev.runbook.worker.schedules.ScheduleViews;
import dev.runbook.workflows.run.RunIds;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook schedules list}: runbook's schedules as Temporal runs them. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the schedules runbook owns, as Temporal has them: what each starts and when, whether it is "
        + "paused and why, its next start times (UTC), its last run and that run's status, and how many starts it "
        + "skipped because its previous run was still going.")
public final class SchedulesListCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Override
  public Integer call() {
    List<ScheduleConfig> declared = config.loadIfPresent().map(RunbookConfig::schedules).orElse(List.of());
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, 15, out, launcher -> {
      List<ScheduleView> views = new ScheduleViews(launcher.client()).list(declared);
      if (views.isEmpty()) {
        out.println("no schedules of runbook's in Temporal" + (declared.isEmpty() ? "" : "; `runbook schedules apply` creates the file's"));
        return ExitCode.OK;
      }
      Table t = new Table("NAME", "RUNS", "WHEN", "STATE", "NEXT", "LAST RUN", "STARTED", "SKIPPED");
      for (ScheduleView v : views) {
        t.row(v.name(), v.what(), v.when(), v.paused() ? "paused" : "active",
            v.paused() || v.nextTimes().isEmpty() ? "-" : Format.dateTime(v.nextTimes().get(0)),
            v.last() == null ? "-" : RunIds.shortId(v.last().runId()) + " " + v.last().status() + " at " + Format.dateTime(v.last().startedAt()),
            Long.toString(v.actions()), Long.toString(v.skipped()));
      }
      t.print(out, "");
      views.stream().filter(v -> !v.note().isBlank()).forEach(v -> out.println(v.name() + ": " + v.note()));
      return ExitCode.OK;
    });
  }
}
