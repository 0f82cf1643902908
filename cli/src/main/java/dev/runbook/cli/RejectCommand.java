package dev.runbook.cli;

import dev.runbook.cli.internal.DecisionOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook reject}: decides on a run that waits for approval. */
@Command(name = "reject", mixinStandardHelpOptions = true,
    description = "Reject a run that waits for approval (a restore or a mirror recovery): it ends with nothing changed.")
public final class RejectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  DecisionOptions decision;

  @Override
  public Integer call() {
    return decision.send("reject", spec.commandLine().getOut());
  }
}
