package dev.runbook.cli;

import java.nio.file.Path;

/**
 * Temporal's server ({@code runbook server} on its own store and port), the control worker and the agent of one
 * host, each in its own JVM as on separate machines. A test replaces any of them after killing it; closing stops
 * whichever are current.
 */
final class SeparateProcesses implements AutoCloseable {
  final Path config;
  final String host;
  final String target;
  final Path store;
  final Path catalog;
  RunbookProcess server;
  RunbookProcess worker;
  RunbookProcess agent;

  /** Starts all three with their store and catalog in {@code dir}; what started is stopped when one fails. */
  SeparateProcesses(Path config, String host, Path dir) throws Exception {
    this.config = config;
    this.host = host;
    this.target = "127.0.0.1:" + ServerProcesses.freePort();
    this.store = dir.resolve("temporal.db");
    this.catalog = dir.resolve("catalog.db");
    try {
      server = startServer();
      worker = startWorker();
      agent = RunbookProcess.agent(config, host, target);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** `runbook server` on this store and port, headless. */
  RunbookProcess startServer() throws Exception {
    return RunbookProcess.start("Ctrl-C stops it", "server", "--port", target.substring(target.lastIndexOf(':') + 1),
        "--headless", "--store", store.toString());
  }

  /** `runbook worker` against the server, recording in this catalog. */
  RunbookProcess startWorker() throws Exception {
    return RunbookProcess.start("control worker polling", "worker", "-c", config.toString(), "--temporal-target", target,
        "--catalog", catalog.toString());
  }

  @Override
  public void close() throws Exception {
    TestStacks.closeAll(worker, agent, server);
  }
}
