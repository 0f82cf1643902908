package dev.runbook.cli.internal;

import picocli.CommandLine.Option;

/** Options of every command that starts a run and waits for it. */
public final class RunOptions {
  @Option(names = "--follow", description = "Print each step as it starts and ends.")
  boolean follow;

  @Option(names = "--worker-wait", paramLabel = "SECONDS", defaultValue = "15", converter = InputChecks.WaitSeconds.class,
      description = "How long to wait for a control worker to pick up the run before giving up (default: ${DEFAULT-VALUE}).")
  int workerWait;

  public boolean follow() {
    return follow;
  }

  public int workerWait() {
    return workerWait;
  }
}
