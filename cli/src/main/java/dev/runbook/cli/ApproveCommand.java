package dev.runbook.cli;

import dev.runbook.cli.internal.DecisionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook approve}: decides on a run that waits for approval. */
@Command(name = "approve", mixinStandardHelpOptions = true,
    description = "Approve a run that waits for approval (a restore or a mirror recovery): it continues. The person who asked for the run cannot approve it.")
public final class ApproveCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DecisionOptions decision;

  @Override
  public Integer call() {
    return decision.send("approve", spec.commandLine().getOut());
  }
}
