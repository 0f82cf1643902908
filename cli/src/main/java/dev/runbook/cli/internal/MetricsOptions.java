package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import dev.runbook.worker.metrics.MetricsEndpoint;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** {@code --metrics-port} and {@code --metrics-address}: the Prometheus endpoint of a long-running process. */
public final class MetricsOptions {
  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve Prometheus metrics (Temporal SDK, JVM and runbook's own) at http://ADDRESS:PORT/metrics "
          + "(default: off).")
  Integer port;

  @Option(names = "--metrics-address", paramLabel = "ADDRESS", defaultValue = MetricsEndpoint.DEFAULT_ADDRESS,
      description = "The address the metrics endpoint binds (default: ${DEFAULT-VALUE}; only loopback unless you choose).")
  String address;

  /** The endpoint as asked, or one that is off; exit 2 on a bad port, exit 3 when it cannot be bound. */
  public MetricsEndpoint start(String process) {
    if (port == null) {
      return MetricsEndpoint.off();
    }
    if (port < 0 || port > 65535) {
      throw new CliException(ExitCode.INVALID_INPUT, "Invalid value for option '--metrics-port': " + port
          + " is not a port (0 to 65535; 0 picks a free one)");
    }
    try {
      return MetricsEndpoint.start(address, port, process);
    } catch (UncheckedIOException e) {
      throw new CliException(ExitCode.UNEXPECTED_STATE, e.getMessage());
    }
  }

  /** The line a process prints about its endpoint. */
  public static String describe(MetricsEndpoint m) {
    return "metrics: " + (m.enabled() ? m.url() : "off (--metrics-port PORT serves them)");
  }
}
