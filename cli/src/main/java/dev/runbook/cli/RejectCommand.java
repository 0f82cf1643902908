package dev.runbook.cli;

import dev.runbook.cli.internal.CatalogOptions;
import dev.runbook.cli.internal.ConfigOptions;
import dev.runbook.cli.internal.Decisions;
import dev.runbook.cli.internal.TemporalOptions;
import dev.runbook.workflows.restore.Decision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runbook reject}: decides on a run that waits for approval. */
@Command(name = "reject", mixinStandardHelpOptions = true,
    description = "Reject a run that waits for approval (a restore): it ends with nothing changed.")
public final class RejectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Mixin
  TemporalOptions temporal;

  @Parameters(paramLabel = "RUN", description = "The run: its id, its first characters, or its workflow id.")
  String run;

  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who decides; recorded with the run.")
  String as;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded with the run.")
  String reason;

  @Override
  public Integer call() {
    return Decisions.send("reject", run, new Decision(as, reason), config.loadIfPresent(), catalog, temporal,
        spec.commandLine().getOut());
  }
}
