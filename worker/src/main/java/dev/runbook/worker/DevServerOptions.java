package dev.runbook.worker;

import dev.runbook.activities.config.TemporalConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@link TemporalDevServer} starts Temporal's single-process server ({@code temporal server start-dev}).
 * It always listens on 127.0.0.1 only.
 *
 * @param binary the {@code temporal} binary, or null to look for it ({@link TemporalBinary#find})
 * @param store the SQLite file that keeps runs across restarts ({@code <data dir>/temporal.db} for
 *     {@code runbook up}); null keeps everything in memory (tests only: lost when the server stops)
 * @param logFile where the server's own log goes; null means {@code temporal.log} beside the store
 * @param port gRPC port on 127.0.0.1 (0 picks a free one); the defaults are {@link TemporalConfig.Server}'s
 * @param uiPort Web UI port on 127.0.0.1 (0 picks a free one; negative: no UI)
 * @param namespace the namespace runbook uses ({@code default} by default); created when missing
 * @param retention how long closed runs stay in the namespace (null: {@link TemporalConfig.Server}'s default); start-dev
 *     creates namespaces with 24 hours, so it is set after every start
 */
public record DevServerOptions(Path binary, Path store, Path logFile, int port, int uiPort, String namespace,
                               Duration retention) {
  public DevServerOptions {
    namespace = namespace == null || namespace.isBlank() ? TemporalTarget.DEFAULT_NAMESPACE : namespace;
    retention = retention == null ? TemporalConfig.Server.defaults().retention() : retention;
    if (logFile == null) {
      if (store == null) {
        throw new IllegalArgumentException("a server without a store needs a log file");
      }
      logFile = store.toAbsolutePath().resolveSibling("temporal.log");
    }
  }

  /** For tests: in memory, free ports, no UI, the log in {@code logFile}. */
  public static DevServerOptions ephemeral(Path logFile) {
    return new DevServerOptions(null, null, logFile, 0, -1, null, null);
  }

  public DevServerOptions withPorts(int newPort, int newUiPort) {
    return new DevServerOptions(binary, store, logFile, newPort, newUiPort, namespace, retention);
  }
}
