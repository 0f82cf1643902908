package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.run.Trigger;
import dev.runbook.workflows.sweep.SweepInput;
import dev.runbook.workflows.sweep.SweepItem;
import dev.runbook.workflows.sweep.SweepResult;
import dev.runbook.workflows.sweep.SweepWorkflow;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook sweep}: the reconciler, run now. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Repair what runs that ended on the Temporal server (terminated, timed out, or past its retention) "
        + "left behind: close them in the catalog with the reason, release their instance lease and Bitbucket's "
        + "maintenance lock, delete the snapshot and dump of their unfinished restore points, thaw mounts left frozen. "
        + "List the homes and databases restores kept aside for longer than restore.keepAside; --apply deletes them.",
        "Exit 0 when nothing is left behind, 1 when something is (a repair failed, or kept-aside copies wait for "
            + "--apply), 3 when no Temporal server or worker answers."})
public final class SweepCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--apply", description = "Also delete the kept-aside homes and databases older than restore.keepAside.")
  boolean apply;

  @Override
  public Integer call() {
    config.load(false);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> {
      RunLauncher.Launched<SweepResult> launched = launcher.launch(SweepWorkflow.TYPE, SweepWorkflow.KIND, null,
          new SweepInput(apply, false, Trigger.CLI, System.getProperty("user.name")), SweepResult.class, Duration.ofHours(1),
          run.follow());
      if (launched.failure() != null) {
        launcher.printFailure("sweep", launched);
        return launched.failureExitCode();
      }
      SweepResult r = launched.result();
      out.println();
      if (r.items().isEmpty()) {
        out.println("Nothing left behind.");
      } else {
        Table t = new Table("KIND", "SUBJECT", "OUTCOME", "DETAIL");
        for (SweepItem i : r.items()) {
          t.row(i.kind(), i.subject(), i.outcome().name(), i.detail());
        }
        t.print(out, "");
        long left = r.leftCount();
        out.println(left == 0 ? "Nothing left behind: " + r.items().size() + " repaired."
            : left + " of " + r.items().size() + " left" + (r.apply() ? "." : "; kept-aside copies are deleted with --apply."));
      }
      out.println("Steps:");
      Format.timeline(r.steps(), out);
      return r.leftCount() == 0 ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
    });
  }
}
