package dev.runbook.workflows.database;

import dev.runbook.workflows.home.Artifact;
import java.util.List;

/**
 * Input of the database activities.
 *
 * @param host the host expected to run the step (the database host)
 * @param instance the instance
 * @param restorePointId the restore point
 * @param artifacts for deletion: exactly what to delete; empty means this restore point's dump
 * @param expectedBytes for the check: the size of the last dump, so the backup directory must have this much free; 0 when unknown
 */
public record DatabaseRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                              long expectedBytes) {
  public DatabaseRequest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** A request about {@code restorePointId}. */
  public static DatabaseRequest of(String host, String instance, String restorePointId) {
    return new DatabaseRequest(host, instance, restorePointId, List.of(), 0);
  }
}
