package dev.runbook.bench;

import dev.runbook.cli.Main;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.mirror.MirrorHealthInput;
import dev.runbook.workflows.mirror.MirrorHealthWorkflow;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Section (f): the fixture's mirror-check schedules, applied by {@code runbook schedules apply}, run for a while
 * on Temporal's real server; then every schedule's actions in that window (Temporal's describe: recent actions,
 * missed catch-up window, overlap skips) are counted against what its cron expression expects, and every run
 * they started must have completed. Baseline: one mirror check run alone first. Returns the problems found.
 */
final class ScheduledChecks {
  private final ScaleFixture f;
  private final ScaleProcesses p;

  ScheduledChecks(ScaleFixture f, ScaleProcesses p) {
    this.f = f;
    this.p = p;
  }

  List<String> run(Duration window) throws Exception {
    List<Double> alone = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      aloneStub(i).check(new MirrorHealthInput(ScaleFixture.mirror(0), null, "benchmark"));
      if (i > 0) {
        alone.add((System.nanoTime() - start) / 1e9);
      }
    }
    StringWriter out = new StringWriter();
    int exit = Main.run(new PrintWriter(out), new PrintWriter(out), "schedules", "apply", "-c", f.config.toString(),
        "--temporal-target", p.target);
    if (exit != 0) {
      throw new IllegalStateException("runbook schedules apply exited " + exit + ": " + out);
    }
    Instant from = Instant.now();
    Instant until = from.plus(window);
    double cpu0 = p.serverCpu();
    Thread.sleep(Duration.between(Instant.now(), until).toMillis());
    double cpu = p.serverCpu() - cpu0;
    Thread.sleep(30_000); // the window's last starts, and their runs, finish
    ScheduleClient schedules = ScheduleClient.newInstance(p.stubs,
        io.temporal.client.schedules.ScheduleClientOptions.newBuilder().setNamespace(p.client.getOptions().getNamespace())
            .build());
    Map<String, WorkflowExecutionMetadata> runs = p.client.listExecutions("WorkflowType='" + MirrorHealthWorkflow.TYPE + "'")
        .collect(Collectors.toMap(r -> r.getExecution().getRunId(), Function.identity()));
    List<String> problems = new ArrayList<>();
    long expected = 0;
    long taken = 0;
    long missedCatchup = 0;
    long overlapSkipped = 0;
    List<Double> latency = new ArrayList<>();
    List<Double> startDelay = new ArrayList<>();
    for (int m = 0; m < f.mirrors.size(); m++) {
      String id = "runbook-" + ScaleFixture.schedule(m);
      ScheduleDescription d = schedules.getHandle(id).describe();
      long want = expected(m, from, until);
      List<ScheduleActionResult> in = d.getInfo().getRecentActions().stream()
          .filter(a -> a.getScheduledAt().isAfter(from) && !a.getScheduledAt().isAfter(until)).toList();
      Set<Instant> distinct = new HashSet<>();
      in.forEach(a -> distinct.add(a.getScheduledAt()));
      expected += want;
      taken += in.size();
      missedCatchup += d.getInfo().getNumActionsMissedCatchupWindow();
      overlapSkipped += d.getInfo().getNumActionsSkippedOverlap();
      if (in.size() != want || distinct.size() != in.size()) {
        problems.add(id + ": " + in.size() + " actions (" + distinct.size() + " distinct times), " + want + " expected");
      }
      for (ScheduleActionResult a : in) {
        startDelay.add(Duration.between(a.getScheduledAt(), a.getStartedAt()).toMillis() / 1000.0);
        String runId = ((ScheduleActionExecutionStartWorkflow) a.getAction()).getFirstExecutionRunId();
        WorkflowExecutionMetadata r = runs.get(runId);
        if (r == null || r.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          problems.add(id + ": the run started for " + a.getScheduledAt() + " is " + (r == null ? "not listed" : r.getStatus()));
        } else {
          latency.add(Duration.between(r.getStartTime(), r.getCloseTime()).toMillis() / 1000.0);
        }
      }
      schedules.getHandle(id).delete();
    }
    latency.sort(Double::compare);
    startDelay.sort(Double::compare);
    double minutes = window.toMillis() / 60_000.0;
    System.out.printf(Locale.ROOT, "(f) %d mirror-check schedules (every %d min each: %d checks/hour) for %.1f min against "
            + "%d mirror simulators: %d actions taken, %d expected from their cron expressions (ratio %.3f), "
            + "%d missed catch-up window, %d skipped for overlap, %d problem(s); start delay after the scheduled time "
            + "p50 %.2f s, p95 %.2f s; run latency p50 %.2f s, p95 %.2f s; %s; server CPU %.1f s in the window "
            + "(%.1f%% of one core)%n",
        f.mirrors.size(), ScaleFixture.CHECK_EVERY_MINUTES, f.mirrors.size() * 60 / ScaleFixture.CHECK_EVERY_MINUTES,
        minutes, f.mirrors.size(), taken, expected, expected == 0 ? Double.NaN : (double) taken / expected, missedCatchup,
        overlapSkipped, problems.size(), ConcurrentBackups.percentile(startDelay, 50),
        ConcurrentBackups.percentile(startDelay, 95), ConcurrentBackups.percentile(latency, 50),
        ConcurrentBackups.percentile(latency, 95), p.peaks(), cpu, cpu / window.toSeconds() * 100);
    System.out.printf(Locale.ROOT, "(f) baseline: one mirror check alone %.2f s (median of %d): p50 under the schedules' "
        + "load / alone %.2f%n", Samples.median(alone), alone.size(),
        ConcurrentBackups.percentile(latency, 50) / Samples.median(alone));
    return problems;
  }

  /** The cron times of schedule {@code m} in {@code (from, until]}: every minute m with m = phase (mod 3). */
  static long expected(int m, Instant from, Instant until) {
    long count = 0;
    for (long minute = from.getEpochSecond() / 60; minute * 60 <= until.getEpochSecond(); minute++) {
      Instant t = Instant.ofEpochSecond(minute * 60);
      if (t.isAfter(from) && !t.isAfter(until) && minute % ScaleFixture.CHECK_EVERY_MINUTES == ScaleFixture.phase(m)) {
        count++;
      }
    }
    return count;
  }

  private MirrorHealthWorkflow aloneStub(int i) {
    RunLabel label = new RunLabel(MirrorHealthWorkflow.KIND, ScaleFixture.mirror(0), Trigger.CLI);
    return p.client.newWorkflowStub(MirrorHealthWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId("scale-mirror-check-alone-" + System.currentTimeMillis() + "-" + i)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(5))
        .setTypedSearchAttributes(label.searchAttributes())
        .setMemo(label.memo())
        .build());
  }
}
