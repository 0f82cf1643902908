package dev.runbook.bench;

import dev.runbook.cli.RunbookProcess;
import dev.runbook.cli.ServerProcesses;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Path;
import java.util.List;

/**
 * Temporal's server ({@code runbook server}, which runs {@code temporal server start-dev} on a SQLite store), the
 * control worker and the agent, each its own OS process as in production, plus this process's client.
 */
final class ScaleProcesses implements AutoCloseable {
  final String target;
  final Path store;
  private final ScaleFixture f;
  RunbookProcess server;
  RunbookProcess worker;
  RunbookProcess agent;
  long temporalPid;
  WorkflowServiceStubs stubs;
  WorkflowClient client;

  ScaleProcesses(ScaleFixture f, List<String> workerJvm, List<String> agentJvm) throws Exception {
    target = "127.0.0.1:" + ServerProcesses.freePort();
    store = store(f);
    this.f = f;
    java.nio.file.Files.createDirectories(store.getParent());
    try {
      server = RunbookProcess.startWith(List.of("-Xmx256m"), "Ctrl-C stops it", "server", "--port",
          target.substring(target.indexOf(':') + 1), "--headless", "--store", store.toString());
      temporalPid = ProcStats.descendant(server.pid(), "temporal")
          .orElseThrow(() -> new IllegalStateException("no temporal process under runbook server: " + server.output()));
      worker = RunbookProcess.startWith(workerJvm, "control worker polling", "worker", "-c", f.config.toString(),
          "--temporal-target", target, "--catalog", f.catalog.toString());
      agent = RunbookProcess.startWith(agentJvm, "polling runbook-host-" + ScaleFixture.HOST, "agent", "-c",
          f.config.toString(), "--host", ScaleFixture.HOST, "--temporal-target", target);
      TemporalTarget t = TemporalTarget.plain(target);
      stubs = TemporalConnection.connect(t);
      client = TemporalConnection.client(stubs, t, "scale-benchmark");
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Where the server keeps its SQLite store: beside the catalog, on the disk, as {@code runbook up} keeps it; or in
   * {@code RUNBOOK_BENCH_STORE_DIR} (for example /dev/shm, to see what the disk's syncs cost).
   */
  static Path store(ScaleFixture f) {
    String dir = System.getenv("RUNBOOK_BENCH_STORE_DIR");
    return dir == null || dir.isBlank() ? f.fs.dir().resolve("temporal.db")
        : Path.of(dir).resolve("runbook-scale-" + ProcessHandle.current().pid()).resolve("temporal.db");
  }

  /** CPU seconds Temporal's server process has used so far. */
  double serverCpu() {
    return ProcStats.cpuSeconds(temporalPid);
  }

  /** A line with each process's peak memory. */
  String peaks() {
    return String.format(java.util.Locale.ROOT, "control worker peak RSS %.0f MiB (CPU %.1f s so far), agent peak RSS "
            + "%.0f MiB (CPU %.1f s so far)", ProcStats.peakRssMiB(worker.pid()), ProcStats.cpuSeconds(worker.pid()),
        ProcStats.peakRssMiB(agent.pid()), ProcStats.cpuSeconds(agent.pid()));
  }

  /**
   * Keeps what each process printed (warnings and errors of the SDK included) in {@code dir}, for a run that
   * needs explaining; prints how many warning and error lines each has.
   */
  void keepOutputs(Path dir) throws java.io.IOException {
    java.nio.file.Files.createDirectories(dir);
    String[] names = {"server", "worker", "agent"};
    RunbookProcess[] all = {server, worker, agent};
    StringBuilder line = new StringBuilder("processes' output in " + dir + ":");
    for (int i = 0; i < all.length; i++) {
      String out = all[i].output();
      java.nio.file.Files.writeString(dir.resolve(names[i] + ".log"), out);
      line.append(" ").append(names[i]).append(" ").append(out.lines().filter(l -> l.contains(" WARN ")).count())
          .append(" WARN, ").append(out.lines().filter(l -> l.contains(" ERROR ") || l.contains("Exception")).count())
          .append(" ERROR/exception lines;");
    }
    System.out.println(line);
  }

  @Override
  public void close() throws Exception {
    if (stubs != null) {
      stubs.shutdownNow();
    }
    for (RunbookProcess p : new RunbookProcess[] {worker, agent, server}) {
      if (p != null) {
        p.close();
      }
    }
    if (!store.startsWith(f.fs.dir())) { // its own directory elsewhere: the store, its lock and the server's log
      new ProcessBuilder("rm", "-rf", store.getParent().toString()).start().waitFor();
    }
  }
}
