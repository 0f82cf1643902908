package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** Which restore point a run works on: {@code latest} (the newest complete one) or an id. Workflow code. */
public final class PointChoice {
  private PointChoice() {}

  /**
   * The complete restore point {@code point} names, from one catalog call; a non-retryable
   * {@code InvalidInput} when there is none or it is not COMPLETE.
   *
   * @param verb what the run does with it, for the message: {@code restored}, {@code verified}
   */
  public static RestorePointView choose(CatalogActivities catalog, String instance, String point, String verb) {
    List<RestorePointView> all = catalog.restorePoints(new RestorePointQuery(instance, List.of())).restorePoints();
    RestorePointView chosen = "latest".equals(point)
        ? all.stream().filter(p -> p.status() == RestorePointStatus.COMPLETE).findFirst().orElse(null)
        : all.stream().filter(p -> p.id().equals(point)).findFirst().orElse(null);
    if (chosen == null) {
      throw ApplicationFailure.newNonRetryableFailure("latest".equals(point)
          ? "instance " + instance + " has no complete restore point; run a backup first"
          : "no restore point " + point + " of " + instance + " (`runbook restore list --instance " + instance + "`)",
          FailureTypes.INVALID_INPUT);
    }
    if (chosen.status() != RestorePointStatus.COMPLETE) {
      throw ApplicationFailure.newNonRetryableFailure("restore point " + chosen.id() + " is " + chosen.status()
          + (chosen.detail() == null ? "" : " (" + chosen.detail() + ")") + ": only complete restore points can be " + verb,
          FailureTypes.INVALID_INPUT);
    }
    return chosen;
  }
}
