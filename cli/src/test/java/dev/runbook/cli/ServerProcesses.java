package dev.runbook.cli;

import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.client.WorkflowExecutionMetadata;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the durability tests ask about Temporal's server as the operating system and its clients see it. */
public final class ServerProcesses {
  private ServerProcesses() {}

  /** A port nothing listens on now, on 127.0.0.1, so a test can start a server on it twice. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The pids of every {@code temporal server start-dev} serving {@code store}, read from {@code /proc/PID/cmdline}
   * as {@code pgrep -f} would; a zombie has no command line and is not counted.
   */
  static List<Long> serving(Path store) throws IOException {
    String db = store.toAbsolutePath().toString();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(p -> {
            String cmdline = commandLine(p);
            return cmdline.contains(" start-dev ") && cmdline.contains(" " + db + " ");
          })
          .map(p -> Long.parseLong(p.getFileName().toString())).toList();
    }
  }

  /** Waits up to {@code millis} until no server serves {@code store}, and returns those still serving it. */
  static List<Long> awaitNoneServing(Path store, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    List<Long> left = serving(store);
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      left = serving(store);
    }
    return left;
  }

  private static String commandLine(Path proc) {
    try {
      return " " + new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return ""; // The process ended meanwhile.
    }
  }

  /** The run ids of every {@code Backup} Temporal's visibility lists at {@code target}, as its Web UI shows them. */
  static List<String> backupRunsListed(String target) {
    TemporalTarget t = TemporalTarget.plain(target);
    var stubs = TemporalConnection.connect(t);
    try {
      return TemporalConnection.client(stubs, t, "test").listExecutions("WorkflowType='Backup'")
          .map(WorkflowExecutionMetadata::getExecution).map(e -> e.getRunId()).toList();
    } finally {
      stubs.shutdownNow();
    }
  }
}
