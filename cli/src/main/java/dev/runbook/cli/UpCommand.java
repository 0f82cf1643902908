package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.MetricsOptions;
import dev.runbook.worker.metrics.MetricsEndpoint;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.ScheduleCommands;
import dev.runbook.cli.internal.ServerOptions;
import dev.runbook.cli.internal.Services;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.cli.internal.Webhooks;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.worker.LocalStack;
import dev.runbook.worker.TemporalTarget;
import dev.runbook.worker.schedules.ScheduleSync;
import dev.runbook.worker.webhook.WebhookServer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook up}: Temporal's server (unless a target is given), control worker and local agents. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run everything a single machine needs until stopped (Ctrl-C): Temporal's server as a supervised child "
        + "(its store ~/.local/share/runbook/temporal.db, gRPC and Web UI on 127.0.0.1) unless --temporal-target is "
        + "given, the control worker, an agent for each host with mode: local, and the incident webhook when the "
        + "configuration has a webhooks: section.",
        "Runs are kept in the store: stop and start `runbook up` again and they go on. Secret references must "
        + "resolve in this process."})
public final class UpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  CatalogOptions catalog;

  @Mixin
  ServerOptions server;

  @Mixin
  MetricsOptions metricsOptions;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    RunbookConfig c = config.load(true);
    String watchdogs = Services.watchdogCgroupNote();
    Catalog cat = catalog.open(Optional.of(c));
    Optional<RunbookConfig> configured = Optional.of(c);
    TemporalTarget existing = temporal.explicit() ? temporal.target(configured) : null;
    MetricsEndpoint metrics = metricsOptions.start("up");
    LocalStack stack;
    try {
      stack = LocalStack.start(existing, existing != null ? null
          : server.options(temporal.namespace(configured), c.temporal().server()),
          new ConfigSource(config.file()), cat, new Secrets(), metrics);
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    WebhookServer webhook;
    try {
      webhook = c.webhooks() == null ? null : Webhooks.start(c, stack.client(), cat);
    } catch (RuntimeException e) {
      stack.close();
      metrics.close();
      throw e;
    }
    Runnable stop = () -> {
      if (webhook != null) {
        webhook.close();
      }
      stack.close();
      metrics.close();
    };
    PrintWriter out = spec.commandLine().getOut();
    if (stack.server() != null) {
      Services.describe(stack.server(), out);
    } else {
      out.println("runbook up: Temporal at " + stack.target().target() + " (namespace " + stack.target().namespace() + ")");
    }
    out.println("  control worker polling " + TaskQueues.CONTROL);
    out.println("  local agents: " + (stack.localHosts().isEmpty() ? "none (no host has mode: local)"
        : stack.localHosts().stream().map(h -> h + " (" + TaskQueues.host(h) + ")").collect(Collectors.joining(", "))));
    if (!stack.localHosts().isEmpty()) {
      out.println("  " + watchdogs);
    }
    out.println("  SSH hosts served: " + (stack.sshHosts().isEmpty() ? "none" : String.join(", ", stack.sshHosts())));
    out.println("  " + (webhook == null ? "incident webhook: none (no webhooks: section)" : Webhooks.describe(c, webhook)));
    out.println("  schedules: " + (c.schedules().isEmpty() ? "none in the file" : c.schedules().size() + " in the file"));
    if (!ScheduleCommands.apply(ScheduleSync.of(stack.client()), c.schedules(), false, false, "    ", out)) {
      out.println("    schedules not applied: resolve the ! lines, then `runbook schedules apply -c " + config.file() + "`");
    }
    out.println("  catalog: " + cat.location());
    out.println("  " + MetricsOptions.describe(metrics));
    out.println("  configuration: " + config.file().toAbsolutePath() + " (instances: "
        + c.instances().stream().map(InstanceConfig::name).collect(Collectors.joining(", ")) + ")");
    out.println("ready; in another terminal: runbook check -c " + config.file() + " --instance "
        + c.instances().get(0).name() + (stack.target().target().equals(TemporalTarget.DEFAULT_TARGET) ? ""
        : " --temporal-target " + stack.target().target()));
    out.println("Ctrl-C stops" + (stack.server() != null ? " (runs are kept in the store and go on at the next start)" : ""));
    out.flush();
    if (stack.server() == null) {
      Blocker.awaitStop(stop);
      return ExitCode.OK;
    }
    return Services.serveUntilStopped(stack.server(), stop, spec.commandLine().getErr());
  }
}
