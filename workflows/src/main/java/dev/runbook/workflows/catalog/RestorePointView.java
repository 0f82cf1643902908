package dev.runbook.workflows.catalog;

import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;

/**
 * A restore point as the catalog holds it.
 *
 * @param id {@code <instance>-<yyyyMMdd'T'HHmmss'Z'>}
 * @param instance the instance, exactly
 * @param runId the backup run that made it
 * @param status its status
 * @param createdAt when the backup began
 * @param completedAt when it became complete, or null
 * @param freezeMs how long the home was frozen, or null when it was not
 * @param skewMs how far apart the database and home snapshots began, or null
 * @param detail why it failed, or null
 * @param artifacts what it consists of (not deleted ones)
 */
public record RestorePointView(String id, String instance, String runId, RestorePointStatus status, Instant createdAt,
                               Instant completedAt, Long freezeMs, Long skewMs, String detail, List<Artifact> artifacts) {
  /** The size of its database dump, or 0. */
  public long dumpBytes() {
    return artifacts.stream().filter(a -> Artifact.DATABASE.equals(a.kind()) && a.sizeBytes() != null)
        .mapToLong(Artifact::sizeBytes).sum();
  }
}
