package dev.runbook.cli;

import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.hosts.HostsInput;
import dev.runbook.workflows.hosts.HostsResult;
import dev.runbook.workflows.hosts.HostsWorkflow;
import dev.runbook.workflows.run.Trigger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook hosts}: every configured host, its mode, and whether it answers. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
    description = {"Ping every configured host on its own queue: agents answer for themselves, SSH hosts through "
        + "the control worker (handshake and a command). Changes nothing.",
        "Exit 0 when every host answers, 1 when one does not."})
public final class HostsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  RunOptions run;

  @Override
  public Integer call() {
    config.load(false);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> {
      RunLauncher.Launched<HostsResult> launched = launcher.launch(HostsWorkflow.TYPE, HostsWorkflow.KIND, null,
          new HostsInput(Trigger.CLI, System.getProperty("user.name")), HostsResult.class, Duration.ofMinutes(5), run.follow());
      if (launched.failure() != null) {
        launcher.printFailure("hosts", launched);
        return launched.failureExitCode();
      }
      HostsResult r = launched.result();
      out.println();
      Table t = new Table("HOST", "MODE", "STATE", "ROLES", "DETAIL");
      for (int i = 0; i < r.hosts().size(); i++) {
        HostView h = r.hosts().get(i);
        HostCheck c = r.checks().get(i);
        t.row(h.name(), h.mode().id(), c.state().name().replace('_', ' '),
            h.roles().isEmpty() ? "-" : String.join(", ", h.roles()), c.detail());
      }
      t.print(out, "");
      out.println("Steps:");
      Format.timeline(r.steps(), out);
      return r.allAnswered() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
    });
  }
}
