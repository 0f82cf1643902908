package dev.runbook.activities.catalog;

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
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.util.Optional;

/** {@link CatalogActivities} on a {@link Catalog}; database errors are retryable {@link FailureTypes#CATALOG_UNAVAILABLE}. */
public final class CatalogActivitiesImpl implements CatalogActivities {
  private final Catalog catalog;
  private final RunLiveness liveness;

  /** @param liveness tells whether a lease holder's run is still open (the worker asks Temporal) */
  public CatalogActivitiesImpl(Catalog catalog, RunLiveness liveness) {
    this.catalog = catalog;
    this.liveness = liveness;
  }

  @Override
  public void acquireInstance(InstanceLease lease) {
    Optional<String> busy;
    try {
      busy = catalog.acquire(lease, liveness);
    } catch (SQLException e) {
      throw ApplicationFailure.newFailureWithCause("catalog " + catalog.location() + ": " + Catalog.rootMessage(e),
          FailureTypes.CATALOG_UNAVAILABLE, e);
    }
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
    write(() -> catalog.runStarted(run));
  }

  @Override
  public void stepEnded(StepEnded step) {
    write(() -> catalog.stepEnded(step));
  }

  @Override
  public void runFinished(RunFinished run) {
    write(() -> catalog.runFinished(run));
  }

  @Override
  public void restorePoint(RestorePointChange change) {
    write(() -> catalog.restorePoint(change));
  }

  @Override
  public void approval(ApprovalRecord approval) {
    write(() -> catalog.approval(approval));
  }

  @Override
  public boolean restorePointExists(RestorePointLookup lookup) {
    try {
      return catalog.restorePointExists(lookup.id());
    } catch (SQLException e) {
      throw ApplicationFailure.newFailureWithCause("catalog " + catalog.location() + ": " + Catalog.rootMessage(e),
          FailureTypes.CATALOG_UNAVAILABLE, e);
    }
  }

  @Override
  public RestorePointList restorePoints(RestorePointQuery query) {
    try {
      return new RestorePointList(catalog.restorePoints(query));
    } catch (SQLException e) {
      throw ApplicationFailure.newFailureWithCause("catalog " + catalog.location() + ": " + Catalog.rootMessage(e),
          FailureTypes.CATALOG_UNAVAILABLE, e);
    }
  }

  @Override
  public LastRun lastRun(LastRunQuery query) {
    try {
      return new LastRun(catalog.runs(new RunQuery(query.instance(), query.runbook(), 1)).stream().findFirst()
          .map(r -> new RunSummary(r.id(), r.workflowId(), r.requestedBy(), r.status(), r.summary(), r.startedAt()))
          .orElse(null));
    } catch (SQLException e) {
      throw ApplicationFailure.newFailureWithCause("catalog " + catalog.location() + ": " + Catalog.rootMessage(e),
          FailureTypes.CATALOG_UNAVAILABLE, e);
    }
  }

  private interface Write {
    void run() throws SQLException;
  }

  private void write(Write w) {
    try {
      w.run();
    } catch (SQLException e) {
      throw ApplicationFailure.newFailureWithCause("catalog " + catalog.location() + ": " + Catalog.rootMessage(e),
          FailureTypes.CATALOG_UNAVAILABLE, e);
    }
  }
}
