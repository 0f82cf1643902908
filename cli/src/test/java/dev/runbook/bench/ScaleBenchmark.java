package dev.runbook.bench;

import dev.runbook.testkit.LoopFilesystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 15, part 3, on Temporal's real server with the server, the control worker and the agent in their own
 * processes: (e) {@code N} instances backed up at once, (f) mirror-check schedules at 1,000 checks an hour for a
 * while, each against baselines from the same run; see docs/performance.md. Needs root (a tmpfs per instance's
 * home). Run with {@code bench/scale.sh [quick|full]}: quick is 20 instances and 2 minutes of schedules, full is
 * 200 and 10. The JVM options of the worker and the agent come from {@code RUNBOOK_BENCH_WORKER_OPTS} and
 * {@code RUNBOOK_BENCH_AGENT_OPTS} (default: what deploy/ gives operators), the {@code workers:} section of the
 * configuration from {@code RUNBOOK_BENCH_WORKERS} (YAML; default: none, so the configuration's defaults), the
 * number of instances from {@code RUNBOOK_BENCH_INSTANCES}, the server store's directory from
 * {@code RUNBOOK_BENCH_STORE_DIR} (default: on the disk beside the catalog), so that other settings can be measured; a second argument, {@code backups} or {@code schedules}, runs one part only. Exits 1 when a run was lost, duplicated, failed or a schedule missed.
 */
public final class ScaleBenchmark {
  /** The agent's JVM options as deploy/systemd/runbook-agent@.service sets them. */
  static final String AGENT_OPTS = "-Xms16m -Xmx64m -Xss256k -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=32m "
      + "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1";
  /** The control worker's JVM options as deploy/systemd/runbook-worker.service sets them. */
  static final String WORKER_OPTS = "-Xmx512m -XX:+UseSerialGC";
  /** Mirror-check schedules every 3 minutes each: 50 make 1,000 checks an hour. */
  static final int SCHEDULES = 50;

  public static void main(String[] args) throws Exception {
    boolean full = args.length > 0 && args[0].equals("full");
    String only = args.length > 1 ? args[1] : "both";
    int instances = Integer.parseInt(System.getenv().getOrDefault("RUNBOOK_BENCH_INSTANCES", full ? "200" : "20"));
    Duration window = full ? Duration.ofMinutes(10) : Duration.ofMinutes(2);
    String why = LoopFilesystems.unavailableBecause();
    if (why != null) {
      System.err.println("the scale benchmark needs a tmpfs per instance: " + why);
      System.exit(2);
    }
    List<String> workerJvm = options("RUNBOOK_BENCH_WORKER_OPTS", WORKER_OPTS);
    List<String> agentJvm = options("RUNBOOK_BENCH_AGENT_OPTS", AGENT_OPTS);
    String workers = System.getenv().getOrDefault("RUNBOOK_BENCH_WORKERS", "");
    System.out.printf("scale benchmark (%s): %d instances, %d schedules for %d min; %d cores; worker JVM %s; agent JVM %s; "
            + "workers: %s%n", full ? "full" : "quick", instances, SCHEDULES, window.toMinutes(),
        Runtime.getRuntime().availableProcessors(), workerJvm, agentJvm, workers.isBlank() ? "defaults" : workers);
    List<String> problems = new ArrayList<>();
    try (ScaleFixture f = new ScaleFixture(instances, SCHEDULES, workers);
         ScaleProcesses p = new ScaleProcesses(f, workerJvm, agentJvm)) {
      if (!only.equals("schedules")) {
        problems.addAll(new ConcurrentBackups(f, p).run());
      }
      if (!only.equals("backups")) {
        problems.addAll(new ScheduledChecks(f, p).run(window));
      }
      p.keepOutputs(java.nio.file.Path.of("cli/target/scale-logs"));
    }
    problems.stream().limit(30).forEach(line -> System.out.println("PROBLEM: " + line));
    System.exit(problems.isEmpty() ? 0 : 1);
  }

  private static List<String> options(String variable, String defaults) {
    return Arrays.stream(System.getenv().getOrDefault(variable, defaults).trim().split("\\s+"))
        .filter(s -> !s.isEmpty()).toList();
  }
}
