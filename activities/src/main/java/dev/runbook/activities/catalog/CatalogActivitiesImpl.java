package dev.runbook.activities.catalog;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;

/** {@link CatalogActivities} on a {@link Catalog}; database errors are retryable {@link FailureTypes#CATALOG_UNAVAILABLE}. */
public final class CatalogActivitiesImpl implements CatalogActivities {
  private final Catalog catalog;

  public CatalogActivitiesImpl(Catalog catalog) {
    this.catalog = catalog;
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
