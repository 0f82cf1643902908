package dev.runbook.cli;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.MirrorCommands;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.mirror.MirrorHealthInput;
import dev.runbook.workflows.mirror.MirrorHealthResult;
import dev.runbook.workflows.mirror.MirrorHealthResult.MirrorReport;
import dev.runbook.workflows.mirror.MirrorHealthWorkflow;
import dev.runbook.workflows.mirror.MirrorInspection.FarmNode;
import dev.runbook.workflows.run.Trigger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook mirror check}: starts a {@code MirrorHealthWorkflow} and prints a table of what it found. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check every configured mirror (or one): the mirror's upstream state, the primary's record and "
        + "its lastSeenDate, pending authorization requests, synchronization progress, farm nodes, and each node "
        + "configured with a url (asked directly for /status and its upstream state). Each finding "
        + "names its evidence. Changes nothing, except that a REMOVED mirror with autoRecover: true gets its "
        + "recovery started (which still asks for approval).",
        "Exit 0 every mirror healthy, 1 a mirror degraded or the run failed, 2 invalid input, 3 no Temporal server "
            + "or no control worker."})
public final class MirrorCheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Option(names = "--mirror", paramLabel = "NAME", description = "Check only this mirror (default: every mirror).")
  String mirror;

  @Override
  public Integer call() {
    RunbookConfig c = config.load(false);
    MirrorCommands.require(c, mirror, config, false);
    if (c.mirrors().isEmpty()) {
      throw new CliException(ExitCode.INVALID_INPUT, config.file() + " configures no mirrors (see docs/runbooks/mirror.md)");
    }
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> check(launcher, mirror, run.follow(), out));
  }

  /** Runs the check and prints the table; 0 healthy, 1 degraded or failed. */
  public static int check(RunLauncher launcher, String mirror, boolean follow, PrintWriter out) {
    RunLauncher.Launched<MirrorHealthResult> launched = launcher.launch(MirrorHealthWorkflow.TYPE,
        MirrorHealthWorkflow.KIND, mirror, new MirrorHealthInput(mirror, Trigger.CLI, System.getProperty("user.name")),
        MirrorHealthResult.class, Duration.ofMinutes(10), follow);
    if (launched.failure() != null) {
      launcher.printFailure("MIRROR CHECK", launched);
      return launched.failureExitCode();
    }
    MirrorHealthResult r = launched.result();
    out.println();
    Table t = new Table("MIRROR", "CONDITION", "EVIDENCE");
    for (MirrorReport m : r.mirrors()) {
      t.row(m.diagnosis().mirror(), m.diagnosis().condition().name(), m.diagnosis().findings().isEmpty() ? "-"
          : m.diagnosis().findings().get(0));
      m.diagnosis().findings().stream().skip(1).forEach(f -> t.row("", "", f));
      for (FarmNode n : m.farmNodes()) {
        t.row("", "node " + n.name(), (n.address() == null ? "" : n.address() + ", ") + "build " + n.buildVersion());
      }
    }
    t.print(out, "  ");
    for (MirrorReport m : r.mirrors()) {
      if (m.recovery() != null) {
        out.println(m.diagnosis().mirror() + ": autoRecover " + m.recovery());
      } else if (!m.diagnosis().healthy()) {
        out.println(m.diagnosis().mirror() + ": to recover, run `runbook mirror recover --mirror "
            + m.diagnosis().mirror() + " --follow`");
      }
    }
    out.println(r.healthy() ? "HEALTHY" : "DEGRADED");
    launcher.printSteps(launched, r.steps());
    return r.healthy() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
  }
}
