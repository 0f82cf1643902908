package dev.runbook.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** `runbook agent` in its own JVM, as on another machine. */
final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final StringBuffer output = new StringBuffer();

  private AgentProcess(Process process) {
    this.process = process;
    Thread copier = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.append(line).append('\n');
        }
      } catch (IOException e) {
        // The process ended.
      }
    });
    copier.setDaemon(true);
    copier.start();
  }

  /** Starts the agent of {@code host} and waits until it polls its queue. */
  static AgentProcess start(Path config, String host, String target) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main",
        "agent", "-c", config.toString(), "--host", host, "--temporal-target", target))
        .redirectErrorStream(true).start();
    AgentProcess agent = new AgentProcess(p);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!agent.output.toString().contains("polling runbook-host-" + host)) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("agent " + host + " did not start: " + agent.output);
      }
      Thread.sleep(50);
    }
    return agent;
  }

  long pid() {
    return process.pid();
  }

  String output() {
    return output.toString();
  }

  /** Kills the JVM as `kill -9` would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
