package dev.runbook.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code runbook} subcommand (server, worker, agent, up) in its own JVM, as on another machine or in
 * another terminal, so a test can kill it as an operator or a crash would.
 */
public final class RunbookProcess implements AutoCloseable {
  /** A JVM plus Temporal's server may take long on a busy build machine; this only bounds a broken start. */
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final String name;
  private final StringBuffer output = new StringBuffer();
  private final Thread copier;
  /** Children seen while it ran (Temporal's server under `up` or `server`), ended by {@link #close()} if still alive. */
  private final List<ProcessHandle> children = new ArrayList<>();

  private RunbookProcess(Process process, String name) {
    this.process = process;
    this.name = name;
    copier = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.append(line).append('\n');
        }
      } catch (IOException e) {
        // The process ended.
      }
    }, "output of runbook " + name);
    copier.setDaemon(true);
    copier.start();
  }

  /**
   * Runs {@code runbook args...} in a new JVM on this test's class path and waits until its output
   * contains {@code ready}; a process that exits or never gets ready is killed and fails the test.
   */
  static RunbookProcess start(String ready, String... args) throws Exception {
    return start(null, Map.of(), ready, args);
  }

  /**
   * As {@link #start(String, String...)}, with {@code env} added to its environment and, unless
   * {@code cgroup} is null, inside that cgroup v2 directory from its first instruction on (as systemd
   * starts a unit's process).
   */
  static RunbookProcess start(Path cgroup, Map<String, String> env, String ready, String... args) throws Exception {
    List<String> prefix = new ArrayList<>();
    if (cgroup != null) {
      // The shell joins the cgroup, then becomes the JVM: same pid, so kill() still ends the process.
      prefix.addAll(List.of("sh", "-c", "echo $$ > \"$0/cgroup.procs\" && exec \"$@\"", cgroup.toString()));
    }
    return start(prefix, System.getProperty("java.class.path"), env, ready, args);
  }

  /**
   * As {@link #start(String, String...)}, with {@code jvmOptions} before the main class (heap, stack, GC), as
   * an operator's {@code RUNBOOK_JAVA_OPTS} would give them; for the benchmarks.
   */
  public static RunbookProcess startWith(List<String> jvmOptions, String ready, String... args) throws Exception {
    return start(List.of(), jvmOptions, System.getProperty("java.class.path"), Map.of(), ready, args);
  }

  /**
   * {@code runbook agent} of {@code host} as the system user {@code user} (setpriv: same pid, the user's
   * groups), on {@code classPath}, which that user must be able to read.
   */
  static RunbookProcess agentAs(String user, String classPath, Path config, String host, String target) throws Exception {
    return start(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"), classPath,
        Map.of("HOME", "/tmp"), "polling runbook-host-" + host, "agent", "-c", config.toString(), "--host", host,
        "--temporal-target", target);
  }

  private static RunbookProcess start(List<String> prefix, String classPath, Map<String, String> env, String ready,
                                      String... args) throws Exception {
    return start(prefix, List.of(), classPath, env, ready, args);
  }

  private static RunbookProcess start(List<String> prefix, List<String> jvmOptions, String classPath,
                                      Map<String, String> env, String ready, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(prefix);
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, "dev.runbook.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    RunbookProcess p = new RunbookProcess(builder.start(), String.join(" ", args));
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!p.output().contains(ready)) {
      if (!p.process.isAlive() || System.nanoTime() > deadline) {
        p.close();
        throw new AssertionError("runbook " + p.name + " did not get ready: " + p.output());
      }
      Thread.sleep(50);
    }
    p.process.descendants().forEach(p.children::add);
    return p;
  }

  /** {@code runbook agent} of {@code host}, ready once it polls its queue. */
  static RunbookProcess agent(Path config, String host, String target) throws Exception {
    return agent(config, host, target, null, Map.of());
  }

  /** {@code runbook agent} of {@code host} in {@code cgroup} (or none) with {@code env} added. */
  static RunbookProcess agent(Path config, String host, String target, Path cgroup, Map<String, String> env)
      throws Exception {
    return start(cgroup, env, "polling runbook-host-" + host, "agent", "-c", config.toString(), "--host", host,
        "--temporal-target", target);
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    return output.toString();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the JVM as {@code kill -9} would: no shutdown hook runs, its children are not told. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Asks it to stop as Ctrl-C or {@code kill} (SIGTERM) would and returns its exit status once everything it
   * printed on the way out has been read.
   */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("runbook " + name + " did not stop within 30 s of SIGTERM: " + output());
    }
    copier.join(5000);
    return process.exitValue();
  }

  /** Stops it (SIGTERM, SIGKILL after 15 s) and kills any child it left, so no test leaves a process behind. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      kill();
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
  }
}
