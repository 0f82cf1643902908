package dev.runbook.workflows.home;

import java.util.List;

/**
 * Input of the home activities: names, and for deletion the artifacts the catalog recorded.
 *
 * @param host the host expected to run the step (the home host)
 * @param instance the instance
 * @param restorePointId the restore point, {@code <instance>-<yyyyMMdd'T'HHmmss'Z'>}
 * @param artifacts for deletion: exactly what to delete; empty means whatever this restore point's
 *     names would be (undoing a snapshot step whose outcome is unknown)
 * @param keepStamp for restores: the run's own UTC stamp, {@code yyyyMMddHHmmss}; the current home is kept
 *     aside as {@code <mount>.pre-restore-<keepStamp>}, so one run's undo never touches what an earlier
 *     run kept. Null for every other step.
 */
public record HomeRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                          String keepStamp) {
  public HomeRequest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** A request without a keep stamp: for every step but the restore ones. */
  public HomeRequest(String host, String instance, String restorePointId, List<Artifact> artifacts) {
    this(host, instance, restorePointId, artifacts, null);
  }

  /** A request about {@code restorePointId} without a list of artifacts. */
  public static HomeRequest of(String host, String instance, String restorePointId) {
    return new HomeRequest(host, instance, restorePointId, List.of());
  }
}
