package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.backup.BackupInput;
import dev.runbook.workflows.backup.BackupResult;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.run.Trigger;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook backup}: a consistent backup of an instance, recorded as one restore point. */
@Command(name = "backup", mixinStandardHelpOptions = true, subcommands = BackupPruneCommand.class,
    description = {"Back up an instance: snapshot the shared home and back up the database in parallel, record them "
        + "as one restore point, apply retention and notify. Zero-downtime by default; locked mode holds Bitbucket's "
        + "maintenance lock, released whatever happens. A failed backup deletes what it made.",
        "Exit 0 done, 1 failed, 2 invalid input, 3 a host does not answer or the instance is busy."})
public final class BackupCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--instance", paramLabel = "NAME", description = "The instance to back up (required).")
  String instance;

  @Override
  public Integer call() {
    Instances.require(config.load(false), instance, config);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> backup(launcher, instance, run.follow(), out));
  }

  /** Runs a backup of {@code instance} and prints its restore point, artifacts and steps; returns the exit code. */
  public static int backup(RunLauncher launcher, String instance, boolean follow, PrintWriter out) {
    RunLauncher.Launched<BackupResult> launched = launcher.launch(BackupWorkflow.TYPE, BackupWorkflow.KIND, instance,
        new BackupInput(instance, Trigger.CLI, System.getProperty("user.name")), BackupResult.class, RunLauncher.OWN_DEADLINE,
        follow);
    if (launched.failure() != null) {
      launcher.printFailure(instance + ": BACKUP", launched);
      return launched.failureExitCode();
    }
    BackupResult r = launched.result();
    out.println();
    out.println(instance + ": restore point " + r.restorePointId() + " (" + (r.freezeMs() == null ? "no freeze"
        : "home frozen " + r.freezeMs() + " ms") + ", database and home snapshots began " + r.skewMs() + " ms apart)");
    Table t = new Table("ARTIFACT", "KIND", "HOST", "SIZE", "LOCATION");
    for (Artifact a : r.artifacts()) {
      t.row(a.name(), a.kind(), a.host(), a.sizeBytes() == null ? "-" : a.sizeBytes() + " B", a.location());
    }
    t.print(out, "  ");
    if (!r.pruned().isEmpty()) {
      out.println("retention deleted: " + String.join(", ", r.pruned()));
    }
    r.warnings().forEach(w -> out.println("warning: " + w));
    launcher.printSteps(launched, r.steps());
    return ExitCode.OK;
  }
}
