package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.backup.PruneInput;
import dev.runbook.workflows.backup.PruneResult;
import dev.runbook.workflows.backup.PruneWorkflow;
import dev.runbook.workflows.run.Trigger;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook backup prune}: retention on its own. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Apply retention now: keep the newest complete restore points of the instance (retention.keep) and "
        + "delete the others' artifacts, exactly as the catalog recorded them for this instance.")
public final class BackupPruneCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--instance", paramLabel = "NAME", description = "The instance whose restore points to prune (required).")
  String instance;

  @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    Instances.require(config.load(false), instance, config);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> {
      RunLauncher.Launched<PruneResult> launched = launcher.launch(PruneWorkflow.TYPE, PruneWorkflow.KIND, instance,
          new PruneInput(instance, dryRun, Trigger.CLI, System.getProperty("user.name")), PruneResult.class,
          RunLauncher.OWN_DEADLINE, run.follow());
      if (launched.failure() != null) {
        launcher.printFailure(instance + ": PRUNE", launched);
        return launched.failureExitCode();
      }
      PruneResult r = launched.result();
      out.println();
      out.println(instance + ": keeping " + r.kept().size() + (r.kept().isEmpty() ? "" : ": " + String.join(", ", r.kept())));
      out.println((r.dryRun() ? "would delete " : "deleted ") + r.deleted().size()
          + (r.deleted().isEmpty() ? "" : ": " + String.join(", ", r.deleted())));
      r.failures().forEach(f -> out.println("not deleted: " + f));
      out.println("Steps:");
      Format.timeline(r.steps(), out);
      return r.failures().isEmpty() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
    });
  }
}
