package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.cli.internal.Blocker;
import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.Services;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.worker.LocalStack;
import dev.runbook.worker.TemporalTarget;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook up}: server (when needed), control worker and local agents in one process. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run everything a single machine needs in one process until stopped (Ctrl-C): the control worker, "
        + "an agent for each host with mode: local, and, when no --temporal-target is given and nothing listens on "
        + "127.0.0.1:PORT, the embedded Temporal server.",
        "Secret references must resolve in this process."})
public final class UpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7233",
      description = "Port of the embedded server on 127.0.0.1, when one is started (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public Integer call() {
    Logging.service(Services.verbose(spec));
    RunbookConfig c = config.load(true);
    String watchdogs = Services.watchdogCgroupNote();
    Catalog cat = catalog.open(Optional.of(c));
    TemporalTarget existing = temporal.explicit() ? temporal.target()
        : Services.listening(port) ? TemporalTarget.plain("127.0.0.1:" + port) : null;
    LocalStack stack = LocalStack.start(existing, port, new ConfigSource(config.file()), cat, new Secrets());
    PrintWriter out = spec.commandLine().getOut();
    out.println("runbook up: " + (stack.embedded() ? "embedded Temporal server on " : "Temporal at ")
        + stack.target().target() + " (namespace " + stack.target().namespace() + ")");
    out.println("  control worker polling " + TaskQueues.CONTROL);
    out.println("  local agents: " + (stack.localHosts().isEmpty() ? "none (no host has mode: local)"
        : stack.localHosts().stream().map(h -> h + " (" + TaskQueues.host(h) + ")").collect(Collectors.joining(", "))));
    if (!stack.localHosts().isEmpty()) {
      out.println("  " + watchdogs);
    }
    out.println("  SSH hosts served: " + (stack.sshHosts().isEmpty() ? "none" : String.join(", ", stack.sshHosts())));
    out.println("  catalog: " + cat.location());
    out.println("  configuration: " + config.file().toAbsolutePath() + " (instances: "
        + c.instances().stream().map(InstanceConfig::name).collect(Collectors.joining(", ")) + ")");
    out.println("ready; in another terminal: runbook check -c " + config.file() + " --instance "
        + c.instances().get(0).name() + (stack.embedded() && port == 7233 ? "" : " --temporal-target " + stack.target().target()));
    out.println("Ctrl-C stops" + (stack.embedded() ? " (the embedded server keeps nothing across restarts)" : ""));
    out.flush();
    Blocker.awaitStop(stack::close);
    return ExitCode.OK;
  }
}
