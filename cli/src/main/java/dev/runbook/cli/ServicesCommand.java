package dev.runbook.cli;

import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.Format;
import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.Table;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.run.Trigger;
import dev.runbook.workflows.services.ServicesInput;
import dev.runbook.workflows.services.ServicesResult;
import dev.runbook.workflows.services.ServicesWorkflow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook services}: stop, start or read Bitbucket's services on every node of an instance. */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = {"Stop, start or report Bitbucket's services on every node of an instance, all nodes in parallel, "
        + "each on its own host. Every node's host must answer first, or nothing is done.",
        "Exit 0 when every node did what was asked, 1 otherwise, 3 when a host does not answer."})
public final class ServicesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Parameters(paramLabel = "ACTION", description = "stop, start or status.")
  String action;

  @Option(names = "--instance", required = true, paramLabel = "NAME", description = "The instance whose services to act on.")
  String instance;

  @Option(names = "--yes", description = "Confirm `stop`: Bitbucket is unavailable until started again.")
  boolean yes;

  @Mixin
  RunOptions run;

  @Override
  public Integer call() {
    ServiceAction act;
    try {
      act = ServiceAction.of(action);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, "unknown action '" + action + "': use stop, start or status");
    }
    RunbookConfig c = config.load(false);
    InstanceConfig in = Instances.require(c, instance, config);
    if (act == ServiceAction.STOP && !yes) {
      throw new CliException(ExitCode.INVALID_INPUT, "stopping the services of " + instance + " on " + in.nodes().size()
          + " node(s) makes Bitbucket unavailable until they are started again; add --yes to confirm");
    }
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> {
      RunLauncher.Launched<ServicesResult> launched = launcher.launch(ServicesWorkflow.TYPE, ServicesWorkflow.KIND,
          instance, new ServicesInput(instance, act, Trigger.CLI, System.getProperty("user.name")), ServicesResult.class,
          RunLauncher.OWN_DEADLINE, run.follow());
      if (launched.failure() != null) {
        launcher.printFailure(instance + ": services " + act.id(), launched);
        return launched.failureExitCode();
      }
      ServicesResult r = launched.result();
      out.println();
      out.println(instance + ": services " + act.id() + (r.ok() ? ": done" : ": NOT DONE on every node"));
      Table t = new Table("NODE", "HOST", "UNITS", "DETAIL");
      for (ServicesResult.NodeOutcome n : r.nodes()) {
        t.row(n.node(), n.host(), n.result() == null ? "FAILED" : n.result().describeUnits(),
            n.result() == null ? n.error() : n.result().ranOn());
      }
      t.print(out, "  ");
      out.println("Steps:");
      Format.timeline(r.steps(), out);
      return r.ok() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
    });
  }
}
