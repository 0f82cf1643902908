package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.ConfigWarnings;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.MetricsOptions;
import dev.runbook.worker.metrics.MetricsEndpoint;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.Services;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.worker.ControlWorker;
import dev.runbook.worker.SearchAttributeRegistration;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import dev.runbook.worker.WorkerTuning;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook worker}: the control worker alone, against a running Temporal server. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = {"Run the control worker (workflows, Bitbucket REST, catalog) against a Temporal server until stopped.",
        "Secret references must resolve in this process; search attributes are registered if missing."})
public final class WorkerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  CatalogOptions catalog;

  @Mixin
  MetricsOptions metricsOptions;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    RunbookConfig c = config.load(true);
    ConfigWarnings.of(c).forEach(w -> spec.commandLine().getErr().println("warning: " + w));
    TemporalTarget target = temporal.target();
    Catalog cat = catalog.open(Optional.of(c));
    MetricsEndpoint metrics = metricsOptions.start("worker");
    WorkflowServiceStubs stubs = TemporalConnection.connect(target, metrics.enabled() ? metrics.scope() : null);
    SearchAttributeRegistration.ensure(stubs, target.namespace());
    WorkerFactory factory = WorkerTuning.factory(TemporalConnection.client(stubs, target, "worker"), c.workers());
    List<String> ssh = ControlWorker.register(factory, new ConfigSource(config.file()), cat, new Secrets(), metrics);
    factory.start();
    PrintWriter out = spec.commandLine().getOut();
    out.println("control worker polling " + TaskQueues.CONTROL + " on " + target.target() + " (namespace "
        + target.namespace() + "); catalog " + cat.location() + "; Ctrl-C stops");
    out.println("  SSH hosts served: " + (ssh.isEmpty() ? "none" : String.join(", ", ssh)));
    out.println("  " + MetricsOptions.describe(metrics));
    out.println("  sweep: " + Services.sweepSchedule(factory.getWorkflowClient()));
    out.flush();
    Blocker.awaitStop(() -> {
      factory.shutdown();
      stubs.shutdownNow();
      metrics.close();
    });
    return ExitCode.OK;
  }
}
