package dev.runbook.cli.internal;

import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** What the commands on one existing run take: the run, where to look it up, and the Temporal connection. */
public final class RunTargetOptions {
  @Mixin
  ConfigOptions config;

  @Mixin
  CatalogOptions catalog;

  @Mixin
  TemporalOptions temporal;

  @Parameters(paramLabel = "RUN", description = "The run: its id, its first or last characters (as `runbook history` prints), or its workflow id.")
  String run;

  /** The run as given. */
  public String given() {
    return run;
  }

  /**
   * Looks the run up in the catalog (when one opens, read-only), connects to Temporal and runs {@code body}.
   */
  public int run(PrintWriter out, Function<RunLauncher, Function<RunRef, Integer>> body) {
    return run(out, body, false);
  }

  /** As {@link #run(PrintWriter, Function)} for a command that also writes to the catalog (which it then migrates). */
  public int runRecording(PrintWriter out, Function<RunLauncher, Function<RunRef, Integer>> body) {
    return run(out, body, true);
  }

  private int run(PrintWriter out, Function<RunLauncher, Function<RunRef, Integer>> body, boolean writes) {
    RunRef ref = RunRef.resolve(run, config.loadIfPresent(), catalog, writes);
    return TemporalCommand.run(temporal, 15, out, launcher -> body.apply(launcher).apply(ref));
  }
}
