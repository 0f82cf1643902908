package dev.runbook.cli;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.internal.CheckRunner;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook check}: starts a {@code HealthCheckWorkflow} and prints what it found. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check that an instance can be operated on: Bitbucket answers /status and its version, and every "
        + "host it uses has a live agent. Changes nothing; the run is recorded in the catalog.",
        "Exit 0 healthy, 1 a problem found, 2 invalid input, 3 no Temporal server or no control worker."})
public final class CheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  TemporalOptions temporal;

  @Option(names = "--instance", required = true, paramLabel = "NAME", description = "The instance to check.")
  String instance;

  @Option(names = "--follow", description = "Print each step as it starts and ends.")
  boolean follow;

  @Option(names = "--worker-wait", paramLabel = "SECONDS", defaultValue = "15",
      description = "How long to wait for a control worker to pick up the run before giving up (default: ${DEFAULT-VALUE}).")
  int workerWait;

  @Override
  public Integer call() {
    RunbookConfig c = config.load(false);
    if (c.instance(instance).isEmpty()) {
      throw new CliException(ExitCode.INVALID_INPUT, "no instance '" + instance + "' in " + config.file() + " (instances: "
          + c.instances().stream().map(InstanceConfig::name).collect(Collectors.joining(", ")) + ")");
    }
    TemporalTarget target = temporal.target();
    WorkflowServiceStubs stubs = TemporalConnection.connect(target);
    try {
      return CheckRunner.run(TemporalConnection.client(stubs, target, "cli"), target.target(), instance, follow,
          Duration.ofSeconds(workerWait), spec.commandLine().getOut());
    } finally {
      stubs.shutdownNow();
    }
  }
}
