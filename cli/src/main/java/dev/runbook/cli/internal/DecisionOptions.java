package dev.runbook.cli.internal;

import dev.runbook.workflows.run.Decision;
import java.io.PrintWriter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code approve} and {@code reject} take: the run, who decides and why, and where to find it. */
public final class DecisionOptions {
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

  /** Sends the decision as the update {@code approve} or {@code reject}; returns the exit code. */
  public int send(String update, PrintWriter out) {
    return Decisions.send(update, run, new Decision(as, reason), config.loadIfPresent(), catalog, temporal, out);
  }
}
