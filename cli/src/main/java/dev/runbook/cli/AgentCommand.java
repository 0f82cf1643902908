package dev.runbook.cli;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.MetricsOptions;
import dev.runbook.worker.metrics.MetricsEndpoint;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.Services;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.worker.HostAgent;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook agent}: the agent of one host, polling that host's queue. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run the agent of one host until stopped: it polls runbook-host-NAME and runs that host's steps, "
        + "and nothing else.")
public final class AgentCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  MetricsOptions metricsOptions;

  @Option(names = "--host", required = true, paramLabel = "NAME", description = "The host this agent serves, as named in the configuration.")
  String host;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    RunbookConfig c = config.load(false);
    Services.requireHost(c, host, config.file().toString());
    HostMode mode = c.host(host).orElseThrow().mode();
    if (mode != HostMode.AGENT) {
      throw new CliException(ExitCode.INVALID_INPUT, "host " + host + " has mode " + mode.id() + ": "
          + (mode == HostMode.SSH ? "the control worker reaches it over SSH" : "`runbook up` runs its agent")
          + "; set mode: agent to run `runbook agent` there");
    }
    String watchdogs = Services.watchdogCgroupNote();
    TemporalTarget target = temporal.target();
    MetricsEndpoint metrics = metricsOptions.start("agent");
    WorkflowServiceStubs stubs = TemporalConnection.connect(target, metrics.enabled() ? metrics.scope() : null);
    WorkerFactory factory = WorkerFactory.newInstance(TemporalConnection.client(stubs, target, "agent-" + host));
    HostAgent.register(factory, host, new ConfigSource(config.file()));
    factory.start();
    PrintWriter out = spec.commandLine().getOut();
    out.println(watchdogs); // before the line saying that the agent is ready
    out.println("agent for host " + host + " polling " + TaskQueues.host(host) + " on " + target.target()
        + " (namespace " + target.namespace() + "); Ctrl-C stops");
    out.println("  " + MetricsOptions.describe(metrics));
    out.flush();
    Blocker.awaitStop(() -> {
      factory.shutdown();
      stubs.shutdownNow();
      metrics.close();
    });
    return ExitCode.OK;
  }
}
