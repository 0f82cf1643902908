package dev.runbook.cli;

import dev.runbook.cli.internal.CheckRunner;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Instances;
import dev.runbook.cli.internal.TemporalCommand;
import dev.runbook.cli.internal.RunOptions;
import dev.runbook.cli.internal.TemporalOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook check}: starts a {@code HealthCheckWorkflow} and prints what it found. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Check that an instance can be operated on: Bitbucket answers /status and its version, every "
        + "host it uses has a live agent, and Bitbucket reports every Mesh node configured, registered and AVAILABLE. "
        + "Changes nothing; the run is recorded in the catalog.",
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

  @Mixin
  RunOptions run;

  @Override
  public Integer call() {
    Instances.require(config.load(false), instance, config);
    PrintWriter out = spec.commandLine().getOut();
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> CheckRunner.run(launcher, instance, run.follow(), out));
  }
}
