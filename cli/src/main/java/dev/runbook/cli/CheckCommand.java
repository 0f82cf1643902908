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
        "Prints HEALTHY, DEGRADED (runbook can operate the instance, but part of Bitbucket's service is impaired, "
            + "such as a Mesh node that is not AVAILABLE) or UNHEALTHY (runbook cannot operate it, or a backup would "
            + "be wrong); each finding says which of the two it causes.",
        "With --json, prints the result as one JSON document on stdout and nothing else there; the run's start, its "
            + "steps with --follow and a failed run's reason go to stderr.",
        "Exit 0 HEALTHY, 1 DEGRADED or UNHEALTHY, 2 invalid input, 3 no Temporal server or no control worker."})
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

  @Option(names = "--json", description = "Print the result as one JSON document (docs/runbooks/check.md); everything "
      + "else, --follow's steps too, goes to stderr.")
  boolean json;

  @Override
  public Integer call() {
    Instances.require(config.load(false), instance, config);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      return TemporalCommand.run(temporal, run.workerWait(), spec.commandLine().getErr(),
          launcher -> CheckRunner.runJson(launcher, instance, run.follow(), out));
    }
    return TemporalCommand.run(temporal, run.workerWait(), out, launcher -> CheckRunner.run(launcher, instance, run.follow(), out));
  }
}
