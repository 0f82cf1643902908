package dev.runbook.bench;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.catalog.RestorePointRecord;
import dev.runbook.activities.catalog.RunQuery;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.backup.BackupInput;
import dev.runbook.workflows.backup.BackupResult;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Section (e): every instance backed up at once through one control worker and one agent, against two
 * baselines from the same run: the same copies made by a bare shell loop, and one backup run alone.
 * Returns the problems found (lost, duplicated or failed runs), none when all is well.
 */
final class ConcurrentBackups {
  private final ScaleFixture f;
  private final ScaleProcesses p;
  private final String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);

  ConcurrentBackups(ScaleFixture f, ScaleProcesses p) {
    this.f = f;
    this.p = p;
  }

  List<String> run() throws Exception {
    List<String> burst = f.burst();
    double bareSeconds = bareLoop(burst.size());
    List<Double> solo = new ArrayList<>();
    for (int i = 0; i < 3; i++) { // the first warms up the JVMs
      Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20); // a fresh second: no wait for a free restore point id
      long start = System.nanoTime();
      stub("solo", "solo-" + i).backup(new BackupInput("solo", null, "benchmark"));
      if (i > 0) {
        solo.add((System.nanoTime() - start) / 1e9);
      }
    }
    double cpu0 = p.serverCpu();
    ExecutorService starters = Executors.newFixedThreadPool(8);
    List<CompletableFuture<BackupResult>> results = new ArrayList<>();
    long wallStart = System.nanoTime();
    try {
      List<CompletableFuture<WorkflowStub>> started = burst.stream().map(instance -> CompletableFuture.supplyAsync(() -> {
        BackupWorkflow w = stub(instance, instance);
        WorkflowClient.start(w::backup, new BackupInput(instance, null, "benchmark"));
        return WorkflowStub.fromTyped(w);
      }, starters)).toList();
      for (CompletableFuture<WorkflowStub> s : started) {
        results.add(s.thenCompose(stub -> stub.getResultAsync(BackupResult.class)));
      }
      CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
          .get(60, TimeUnit.MINUTES);
    } finally {
      starters.shutdownNow();
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double cpu = p.serverCpu() - cpu0;
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).isCompletedExceptionally()) {
        Throwable e = results.get(i).handle((r, t) -> t).get();
        while (e.getCause() != null) { // the workflow's own failure, under the client's wrappers
          e = e.getCause();
        }
        problems.add("backup of " + burst.get(i) + " failed: " + e.getMessage());
      }
    }
    List<WorkflowExecutionMetadata> runs = closedRuns(burst.size());
    List<Double> latency = runs.stream()
        .map(r -> Duration.between(r.getStartTime(), r.getCloseTime()).toMillis() / 1000.0).sorted().toList();
    double span = Duration.between(runs.stream().map(WorkflowExecutionMetadata::getStartTime).min(Instant::compareTo)
        .orElseThrow(), runs.stream().map(WorkflowExecutionMetadata::getCloseTime).max(Instant::compareTo).orElseThrow())
        .toMillis() / 1000.0;
    problems.addAll(checkTemporal(burst, runs));
    problems.addAll(checkCatalog(burst));
    int n = burst.size();
    double soloMedian = Samples.median(solo);
    System.out.printf(Locale.ROOT, "(e) %d concurrent backups (command provider copying %d KiB, postgresql-fslevel), "
            + "one control worker, one agent, Temporal's real server: %d/%d COMPLETE, %d problem(s); wall %.1f s; "
            + "throughput %.1f runs/min; run latency p50 %.2f s, p95 %.2f s, max %.2f s; %s; server CPU %.1f s "
            + "(%.2f s per run)%n",
        n, 64, runs.stream().filter(r -> r.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
            .count(), n, problems.size(), wall, n / span * 60, percentile(latency, 50), percentile(latency, 95),
        latency.get(latency.size() - 1), p.peaks(), cpu, cpu / n);
    System.out.printf(Locale.ROOT, "(e) baselines: the same %d copies by a bare shell loop %.2f s (%.0f copies/min): "
            + "runbook/bare throughput ratio %.3f; one backup alone %.2f s (median of %d): p50 under load / alone %.1f%n",
        n, bareSeconds, n / bareSeconds * 60, (n / span) / (n / bareSeconds), soloMedian, solo.size(),
        percentile(latency, 50) / soloMedian);
    printSlowest(runs);
    return problems;
  }

  /** Where the slowest run's time went, step by step (offset from its start, then duration), from the catalog. */
  private void printSlowest(List<WorkflowExecutionMetadata> runs) throws Exception {
    WorkflowExecutionMetadata slowest = runs.stream().max(java.util.Comparator.comparing(
        r -> Duration.between(r.getStartTime(), r.getCloseTime()))).orElse(null);
    if (slowest == null) {
      return;
    }
    Catalog catalog = Catalog.openReadOnly(CatalogLocation.sqlite(f.catalog), new Secrets(Map.of()));
    RunRecord run = catalog.runOfWorkflow(slowest.getExecution().getWorkflowId()).orElse(null);
    if (run == null) {
      return;
    }
    StringBuilder line = new StringBuilder("(e) slowest run's steps (start offset +duration, s):");
    for (var step : catalog.steps(run.id())) {
      line.append(String.format(Locale.ROOT, " %s %.1f +%.1f;", step.name().replaceAll(" [a-z0-9]+-\\d{8}T\\d{6}Z", ""),
          Duration.between(slowest.getStartTime(), step.startedAt()).toMillis() / 1000.0,
          step.duration() == null ? Double.NaN : step.duration().toMillis() / 1000.0));
    }
    System.out.println(line);
  }

  private BackupWorkflow stub(String instance, String suffix) {
    RunLabel label = new RunLabel(BackupWorkflow.KIND, instance, Trigger.CLI);
    return p.client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId("scale-" + tag + "-backup-" + suffix)
        .setTypedSearchAttributes(label.searchAttributes())
        .setMemo(label.memo())
        .setStaticSummary(label.summary())
        .build());
  }

  /** The same copies as the snapshot script makes, one after another in one shell; seconds. */
  private double bareLoop(int n) throws Exception {
    Path bare = Files.createDirectories(f.fs.dir().resolve("bare"));
    String homes = f.homes.subList(0, n).stream().map(Path::toString).collect(Collectors.joining(" "));
    Process sh = new ProcessBuilder("bash", "-c", "s=$(date +%s%N); for h in " + homes + "; do cp -a \"$h\" " + bare
        + "/$(basename \"$h\"); done; e=$(date +%s%N); echo $((e-s))").redirectErrorStream(true).start();
    String out = new String(sh.getInputStream().readAllBytes()).strip();
    if (sh.waitFor() != 0) {
      throw new IllegalStateException("bare copy loop failed: " + out);
    }
    try (Stream<Path> copies = Files.list(bare)) {
      if (copies.count() != n) {
        throw new IllegalStateException("bare copy loop made the wrong number of copies");
      }
    }
    new ProcessBuilder("rm", "-rf", bare.toString()).start().waitFor();
    return Long.parseLong(out) / 1e9;
  }

  /** Every closed run of this benchmark's burst as Temporal's visibility lists it, once all are listed (it lags). */
  private List<WorkflowExecutionMetadata> closedRuns(int n) throws InterruptedException {
    String prefix = "scale-" + tag + "-backup-i";
    List<WorkflowExecutionMetadata> runs = List.of();
    for (int attempt = 0; attempt < 120; attempt++) {
      runs = p.client.listExecutions("WorkflowType='Backup' AND ExecutionStatus != 'Running'")
          .filter(r -> r.getExecution().getWorkflowId().startsWith(prefix)).toList();
      if (runs.size() >= n) {
        break;
      }
      Thread.sleep(500);
    }
    return runs;
  }

  /** One run per instance, each COMPLETED, none started twice (a retry or a second run under one id). */
  private static List<String> checkTemporal(List<String> burst, List<WorkflowExecutionMetadata> runs) {
    List<String> problems = new ArrayList<>();
    Map<String, List<WorkflowExecutionMetadata>> byId = runs.stream()
        .collect(Collectors.groupingBy(r -> r.getExecution().getWorkflowId()));
    if (byId.size() != burst.size()) {
      problems.add("Temporal lists runs for " + byId.size() + " of " + burst.size() + " instances");
    }
    byId.forEach((id, list) -> {
      if (list.size() != 1) {
        problems.add(id + " has " + list.size() + " runs in Temporal");
      }
      list.stream().filter(r -> r.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
          .forEach(r -> problems.add(id + " ended " + r.getStatus()));
    });
    return problems;
  }

  /** Exactly one COMPLETE restore point and one SUCCEEDED backup run per instance, and its copy on disk. */
  private List<String> checkCatalog(List<String> burst) throws Exception {
    List<String> problems = new ArrayList<>();
    Catalog catalog = Catalog.openReadOnly(CatalogLocation.sqlite(f.catalog), new Secrets(Map.of()));
    for (String instance : burst) {
      List<RestorePointRecord> points = catalog.restorePointRecords(instance);
      if (points.size() != 1 || points.get(0).status() != RestorePointStatus.COMPLETE) {
        problems.add(instance + ": restore points " + points.stream().map(r -> r.id() + " " + r.status()).toList());
      } else if (!Files.isRegularFile(f.snapshots.resolve(points.get(0).id()).resolve("pgdata/base/16384"))) {
        problems.add(instance + ": the copy of " + points.get(0).id() + " is not on disk");
      }
      List<RunRecord> runs = catalog.runs(new RunQuery(instance, BackupWorkflow.KIND, 10));
      if (runs.size() != 1 || runs.get(0).status() != RunStatus.SUCCEEDED) {
        problems.add(instance + ": backup runs in the catalog " + runs.stream().map(r -> r.status().name()).toList());
      }
    }
    return problems;
  }

  static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
