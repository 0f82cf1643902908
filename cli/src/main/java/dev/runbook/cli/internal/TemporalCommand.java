package dev.runbook.cli.internal;

import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;

/** Connects to Temporal for one command, runs it with a {@link RunLauncher}, and disconnects. */
public final class TemporalCommand {
  private TemporalCommand() {}

  public static int run(TemporalOptions options, int workerWaitSeconds, PrintWriter out, Function<RunLauncher, Integer> body) {
    TemporalTarget target = options.target();
    WorkflowServiceStubs stubs = TemporalConnection.connect(target);
    try {
      return body.apply(new RunLauncher(TemporalConnection.client(stubs, target, "cli"), target.target(),
          Duration.ofSeconds(workerWaitSeconds), out));
    } finally {
      stubs.shutdownNow();
    }
  }
}
