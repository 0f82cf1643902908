package dev.runbook.cli;

import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.mirror.MirrorGuardInput;
import dev.runbook.workflows.mirror.MirrorGuardResult;
import dev.runbook.workflows.mirror.MirrorGuardWorkflow;
import dev.runbook.workflows.run.Trigger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook mirror guard}: reports the mirrors a staging clone shares with production. */
@Command(name = "guard", mixinStandardHelpOptions = true,
    description = {"Read the staging instance's mirror records and production's, and report every mirror they share "
        + "by id or base URL: a staging clone that can reach production's mirrors can cut them off with one delete. "
        + "Never deletes anything; prints the isolation steps to take instead.",
        "Exit 0 nothing shared, 1 a mirror is shared (or the run failed), 2 invalid input, 3 no Temporal server or "
            + "no control worker."})
public final class MirrorGuardCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--staging", required = true, paramLabel = "NAME", description = "The staging instance (cloned from production).")
  String staging;

  @Option(names = "--production", required = true, paramLabel = "NAME", description = "The production instance.")
  String production;

  @Override
  public Integer call() {
    if (staging.equals(production)) {
      throw new CliException(ExitCode.INVALID_INPUT, "--staging and --production both name " + staging
          + ": give the staging clone and the production instance it was cloned from");
    }
    var c = config.load(false);
    Instances.require(c, staging, config);
    Instances.require(c, production, config);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> guard(launcher, out));
  }

  private int guard(RunLauncher launcher, PrintWriter out) {
    RunLauncher.Launched<MirrorGuardResult> launched = launcher.launch(MirrorGuardWorkflow.TYPE, MirrorGuardWorkflow.KIND,
        staging, new MirrorGuardInput(staging, production, Trigger.CLI, System.getProperty("user.name")),
        MirrorGuardResult.class, Duration.ofMinutes(10), run.follow());
    if (launched.failure() != null) {
      launcher.printFailure("MIRROR GUARD", launched);
      return launched.failureExitCode();
    }
    MirrorGuardResult r = launched.result();
    out.println();
    if (r.sharesNothing()) {
      out.println(staging + " (" + r.staging().servers().size() + " mirror record(s)) shares no mirror with " + production
          + " (" + r.production().servers().size() + ")");
    } else {
      out.println("SHARED: " + staging + " lists " + r.shared().size() + " of " + production + "'s mirrors");
      Table t = new Table("MIRROR", "ID", "BASE URL", "SHARED BY");
      for (MirrorGuardResult.Shared s : r.shared()) {
        t.row(s.production().name(), s.production().id(), s.production().baseUrl(),
            s.sameId() && s.sameBaseUrl() ? "id and base URL" : s.sameId() ? "id" : "base URL");
      }
      t.print(out, "  ");
      out.println("Isolate " + staging + " (nothing was deleted):");
      for (int i = 0; i < r.isolation().size(); i++) {
        out.println("  " + (i + 1) + ". " + r.isolation().get(i));
      }
    }
    launcher.printSteps(launched, r.steps());
    return r.sharesNothing() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
  }
}
