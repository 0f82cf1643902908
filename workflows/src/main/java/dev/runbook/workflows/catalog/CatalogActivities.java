package dev.runbook.workflows.catalog;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Writes the audit record of runs to the catalog database (run, steps, outcome), which outlives
 * Temporal's history. Runs on the control queue. Every call is idempotent, so retries never
 * duplicate rows. Failure: {@link FailureTypes#CATALOG_UNAVAILABLE} (retryable).
 */
@ActivityInterface
public interface CatalogActivities {
  @ActivityMethod(name = "CatalogRunStarted")
  void runStarted(RunStarted run);

  @ActivityMethod(name = "CatalogStepEnded")
  void stepEnded(StepEnded step);

  @ActivityMethod(name = "CatalogRunFinished")
  void runFinished(RunFinished run);
}
