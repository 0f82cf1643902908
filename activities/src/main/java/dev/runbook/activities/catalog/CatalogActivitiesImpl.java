package dev.runbook.activities.catalog;

import dev.runbook.activities.metrics.RunMetrics;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.LastRun;
import dev.runbook.workflows.catalog.LastRunQuery;
import dev.runbook.workflows.catalog.RunSummary;
import dev.runbook.workflows.catalog.ApprovalRecord;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointList;
import dev.runbook.workflows.catalog.RestorePointLookup;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import dev.runbook.workflows.run.Trigger;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Optional;

/** {@link CatalogActivities} on a {@link Catalog}; database errors are retryable {@link FailureTypes#CATALOG_UNAVAILABLE}. */
public final class CatalogActivitiesImpl implements CatalogActivities {
  /** The requester recorded for a run from the Web UI whose start named nobody. */
  public static final String UI_REQUESTER = "ui";

  private final Catalog catalog;
  private final RunLiveness liveness;
  private final StartIdentity starters;
  private final RunMetrics metrics;

  /**
   * @param liveness tells whether a lease holder's run is still open (the worker asks Temporal)
   * @param starters tells who started a run, for runs whose trigger is {@link Trigger#UI}
   */
  public CatalogActivitiesImpl(Catalog catalog, RunLiveness liveness, StartIdentity starters) {
    this(catalog, liveness, starters, null);
  }

  /** As above, recording runbook's metrics in {@code metrics} (null: none) as runs, steps and restore points are written. */
  public CatalogActivitiesImpl(Catalog catalog, RunLiveness liveness, StartIdentity starters, RunMetrics metrics) {
    this.catalog = catalog;
    this.liveness = liveness;
    this.starters = starters;
    this.metrics = metrics;
  }

  @Override
  public void acquireInstance(InstanceLease lease) {
    Optional<String> busy = read(() -> catalog.acquire(lease, liveness));
    if (busy.isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure(busy.get(), FailureTypes.INSTANCE_BUSY);
    }
  }

  @Override
  public void releaseInstance(InstanceLease lease) {
    write(() -> catalog.release(lease));
  }

  @Override
  public void runStarted(RunStarted run) {
    RunStarted recorded = run.trigger() != Trigger.UI ? run
        : withRequester(run, uiRequester(starters.of(run.workflowId(), run.runId())));
    write(() -> catalog.runStarted(recorded));
  }

  /**
   * Who asked for a run started from the Web UI: the identity its start carried, else {@value #UI_REQUESTER}.
   * Never the input's {@code requestedBy}, which the UI's start form may have copied from someone else's run.
   */
  static String uiRequester(String identity) {
    return identity == null || identity.isBlank() ? UI_REQUESTER : identity.strip();
  }

  private static RunStarted withRequester(RunStarted r, String requestedBy) {
    return new RunStarted(r.runId(), r.workflowId(), r.runbook(), r.instance(), r.trigger(), requestedBy, r.parameters(),
        r.startedAt());
  }

  @Override
  public void stepEnded(StepEnded step) {
    write(() -> catalog.stepEnded(step));
    if (metrics != null) {
      metrics.stepEnded(step);
    }
  }

  @Override
  public void runFinished(RunFinished run) {
    write(() -> catalog.runFinished(run));
    if (metrics != null) {
      metrics.runFinished(run);
    }
  }

  @Override
  public void restorePoint(RestorePointChange change) {
    write(() -> catalog.restorePoint(change));
    if (metrics != null) {
      metrics.restorePoint(change);
    }
  }

  @Override
  public void approval(ApprovalRecord approval) {
    write(() -> catalog.approval(approval));
  }

  @Override
  public boolean restorePointExists(RestorePointLookup lookup) {
    return read(() -> catalog.restorePointExists(lookup.id()));
  }

  @Override
  public RestorePointList restorePoints(RestorePointQuery query) {
    return new RestorePointList(read(() -> catalog.restorePoints(query)));
  }

  @Override
  public LastRun lastRun(LastRunQuery query) {
    return new LastRun(read(() -> catalog.runs(new RunQuery(query.instance(), query.runbook(), 1))).stream().findFirst()
        .map(r -> new RunSummary(r.id(), r.workflowId(), r.requestedBy(), r.status(), r.summary(), r.startedAt()))
        .orElse(null));
  }

  @Override
  public void beginVerification(dev.runbook.workflows.verify.Verification verification) {
    Optional<String> refused = read(() -> catalog.beginVerification(verification));
    if (refused.isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure(refused.get(), FailureTypes.PRECONDITION_FAILED);
    }
  }

  @Override
  public void endVerification(dev.runbook.workflows.verify.Verification verification) {
    write(() -> catalog.endVerification(verification));
  }

  @Override
  public boolean verificationHeld(RestorePointLookup lookup) {
    return read(() -> catalog.verificationHeld(lookup.id(), liveness));
  }

  private interface Write {
    void run() throws SQLException;
  }

  private interface Read<T> {
    T get() throws SQLException;
  }

  private void write(Write w) {
    read(() -> {
      w.run();
      return null;
    });
  }

  /** Runs a catalog call; a database error becomes a retryable {@link FailureTypes#CATALOG_UNAVAILABLE}. */
  private <T> T read(Read<T> r) {
    try {
      return r.get();
    } catch (SQLException e) {
      throw ApplicationFailure.newFailureWithCause("catalog " + catalog.location() + ": " + Catalog.rootMessage(e),
          FailureTypes.CATALOG_UNAVAILABLE, e);
    }
  }
}
