package dev.runbook.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    return start(config, host, target, null, Map.of());
  }

  /**
   * Starts the agent of {@code host} with {@code env} added to its environment and, unless {@code cgroup}
   * is null, inside that cgroup v2 directory from its first instruction on (as systemd starts a unit's
   * process), and waits until it polls its queue.
   */
  static AgentProcess start(Path config, String host, String target, Path cgroup, Map<String, String> env)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    if (cgroup != null) {
      // The shell joins the cgroup, then becomes the JVM: same pid, so kill() still ends the agent.
      command.addAll(List.of("sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", cgroup.toString()));
    }
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.runbook.cli.Main",
        "agent", "-c", config.toString(), "--host", host, "--temporal-target", target));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
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
