package dev.runbook.cli.internal;

import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;

/** Connects to Temporal for one command, runs it with a {@link RunLauncher}, and disconnects. */
public final class TemporalCommand {
  private TemporalCommand() {}

  public static int run(TemporalOptions options, int workerWaitSeconds, PrintWriter out, Function<RunLauncher, Integer> body) {
    TemporalTarget target = options.target();
    try (TemporalConnection.Command connection = TemporalConnection.connectCommand(target)) {
      return body.apply(new RunLauncher(TemporalConnection.client(connection.stubs(), target, "cli"), target.target(),
          Duration.ofSeconds(workerWaitSeconds), out));
    }
  }
}
