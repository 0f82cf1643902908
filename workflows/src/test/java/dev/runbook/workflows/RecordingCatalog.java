package dev.runbook.workflows;

import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointList;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import dev.runbook.workflows.home.Artifact;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A catalog that keeps what workflows record in memory, for workflow tests. */
public final class RecordingCatalog implements CatalogActivities {
  public final List<RunStarted> started = new CopyOnWriteArrayList<>();
  public final List<StepEnded> steps = new CopyOnWriteArrayList<>();
  public final List<RunFinished> finished = new CopyOnWriteArrayList<>();
  public final List<RestorePointChange> changes = new CopyOnWriteArrayList<>();
  public final Map<String, RestorePointView> points = new ConcurrentHashMap<>();
  public final Map<String, InstanceLease> leases = new ConcurrentHashMap<>();
  public final List<dev.runbook.workflows.catalog.ApprovalRecord> approvals = new CopyOnWriteArrayList<>();

  @Override
  public void runStarted(RunStarted run) {
    started.add(run);
  }

  @Override
  public void stepEnded(StepEnded step) {
    steps.add(step);
  }

  @Override
  public void runFinished(RunFinished run) {
    finished.add(run);
  }

  /** Adds a complete restore point made at {@code at} with {@code artifacts}. */
  public void seed(String id, String instance, Instant at, List<Artifact> artifacts) {
    points.put(id, new RestorePointView(id, instance, "old-run", RestorePointStatus.COMPLETE, at, at, null, null, null, artifacts));
  }

  @Override
  public void restorePoint(RestorePointChange c) {
    changes.add(c);
    RestorePointView old = points.get(c.id());
    switch (c.status()) {
      case CREATING -> points.putIfAbsent(c.id(), new RestorePointView(c.id(), c.instance(), c.runId(), c.status(), c.at(),
          null, null, null, null, List.of()));
      case COMPLETE -> points.put(c.id(), new RestorePointView(c.id(), c.instance(), old.runId(), c.status(), old.createdAt(),
          c.at(), c.freezeStartedAt() == null ? null : c.freezeEndedAt().toEpochMilli() - c.freezeStartedAt().toEpochMilli(),
          Math.abs(c.homeStartedAt().toEpochMilli() - c.dbStartedAt().toEpochMilli()), null, c.artifacts()));
      default -> points.put(c.id(), new RestorePointView(c.id(), old.instance(), old.runId(), c.status(), old.createdAt(),
          old.completedAt(), old.freezeMs(), old.skewMs(), c.detail(),
          c.status() == RestorePointStatus.DELETED ? List.of() : old.artifacts()));
    }
  }

  @Override
  public RestorePointList restorePoints(RestorePointQuery q) {
    List<RestorePointView> out = new ArrayList<>(points.values().stream()
        .filter(p -> p.instance().equals(q.instance()))
        .filter(p -> q.statuses().isEmpty() || q.statuses().contains(p.status()))
        .toList());
    out.sort(Comparator.comparing(RestorePointView::createdAt).reversed());
    return new RestorePointList(out);
  }

  @Override
  public void approval(dev.runbook.workflows.catalog.ApprovalRecord approval) {
    approvals.add(approval);
  }

  @Override
  public boolean restorePointExists(dev.runbook.workflows.catalog.RestorePointLookup lookup) {
    return points.containsKey(lookup.id());
  }

  @Override
  public void acquireInstance(InstanceLease lease) {
    InstanceLease holder = leases.putIfAbsent(lease.instance(), lease);
    if (holder != null && !holder.runId().equals(lease.runId())) {
      throw ApplicationFailure.newNonRetryableFailure("instance " + lease.instance() + " is busy: " + holder.runbook()
          + " run " + holder.runId() + " holds it", FailureTypes.INSTANCE_BUSY);
    }
  }

  @Override
  public void releaseInstance(InstanceLease lease) {
    leases.computeIfPresent(lease.instance(), (instance, holder) -> holder.runId().equals(lease.runId()) ? null : holder);
  }

  /** Runs {@link #lastRun} answers with, by {@code instance/runbook}. */
  public final Map<String, dev.runbook.workflows.catalog.RunSummary> lastRuns = new ConcurrentHashMap<>();

  @Override
  public dev.runbook.workflows.catalog.LastRun lastRun(dev.runbook.workflows.catalog.LastRunQuery q) {
    return new dev.runbook.workflows.catalog.LastRun(lastRuns.get(q.instance() + "/" + q.runbook()));
  }

  /** Verifications by run id, as the workflows recorded them. */
  public final Map<String, dev.runbook.workflows.verify.Verification> verifications = new ConcurrentHashMap<>();

  @Override
  public void beginVerification(dev.runbook.workflows.verify.Verification v) {
    RestorePointView p = points.get(v.restorePointId());
    if (p == null || p.status() != RestorePointStatus.COMPLETE) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("restore point " + v.restorePointId()
          + " is not complete", dev.runbook.workflows.FailureTypes.PRECONDITION_FAILED);
    }
    verifications.putIfAbsent(v.runId(), v);
  }

  @Override
  public void endVerification(dev.runbook.workflows.verify.Verification v) {
    verifications.put(v.runId(), v);
  }

  @Override
  public boolean verificationHeld(dev.runbook.workflows.catalog.RestorePointLookup lookup) {
    return verifications.values().stream().anyMatch(v -> v.restorePointId().equals(lookup.id())
        && dev.runbook.workflows.verify.Verification.RUNNING.equals(v.outcome()));
  }
}
