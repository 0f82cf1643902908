package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.run.Trigger;
import dev.runbook.workflows.verify.VerifyInput;
import dev.runbook.workflows.verify.VerifyResult;
import dev.runbook.workflows.verify.VerifyWorkflow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook verify}: proves a restore point restores, in scratch space, without touching production. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify a restore point: restore its dump into a scratch database and clone its home snapshot into "
        + "scratch space (neither shared with production), count the rows of the key tables (verify.tables), run git "
        + "fsck --connectivity-only on a sample of repositories (verify.repositories), delete the scratch copies "
        + "whatever happened, and record the outcome on the restore point.",
        "Exit 0 verified, 1 not verified (the reasons are printed and recorded), 2 invalid input, 3 a host does not answer."})
public final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--instance", paramLabel = "NAME", description = "The instance whose restore point to verify (required).")
  String instance;

  @Option(names = "--point", paramLabel = "ID|latest", defaultValue = "latest",
      description = "The restore point: an id from `runbook restore list`, or latest (default).")
  String point;

  @Override
  public Integer call() {
    Instances.require(config.load(false), instance, config);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> verify(launcher, instance, point, run.follow(), out));
  }

  /** Runs a verification of {@code point} ({@code latest} or an id), printing its outcome; returns the exit code. */
  public static int verify(RunLauncher launcher, String instance, String point, boolean follow, PrintWriter out) {
    RunLauncher.Launched<VerifyResult> launched = launcher.launch(VerifyWorkflow.TYPE, VerifyWorkflow.KIND, instance,
        new VerifyInput(instance, point, Trigger.CLI, System.getProperty("user.name")), VerifyResult.class,
        RunLauncher.OWN_DEADLINE, follow);
    if (launched.failure() != null) {
      launcher.printFailure(instance + ": VERIFY", launched);
      return launched.failureExitCode();
    }
    VerifyResult r = launched.result();
    out.println();
    out.println(instance + ": " + (r.verified() ? "verified " : "NOT verified ") + r.point());
    r.rowCounts().forEach((table, rows) -> out.println("  rows in " + table + ": " + rows));
    out.println("  repositories checked: " + r.repositoriesChecked().size()
        + (r.repositoriesChecked().isEmpty() ? "" : " (" + String.join(", ", r.repositoriesChecked()) + ")"));
    r.problems().forEach(p -> out.println("  problem: " + p));
    out.println("Steps:");
    Format.timeline(r.steps(), out);
    return r.verified() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
  }
}
