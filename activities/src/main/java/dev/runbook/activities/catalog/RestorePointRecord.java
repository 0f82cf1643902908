package dev.runbook.activities.catalog;

import dev.runbook.workflows.catalog.RestorePointStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A restore point with everything the catalog knows of it, for audit ({@code runbook status},
 * {@code runbook evidence}): its times, freeze window, verification and every artifact, deleted ones too.
 *
 * @param id {@code <instance>-<yyyyMMdd'T'HHmmss'Z'>}
 * @param instance the instance
 * @param runId the backup run that made it
 * @param status its status
 * @param createdAt when the backup began
 * @param completedAt when it became complete, or null
 * @param freezeStartedAt when the home was frozen, or null when it was not
 * @param freezeEndedAt when the home was thawed, or null
 * @param homeStartedAt when the home snapshot began, or null
 * @param dbStartedAt when the database backup began, or null
 * @param deletedAt when retention deleted it, or null
 * @param detail why it failed or was deleted, or null
 * @param verification its last verification, or null when it was never verified
 * @param artifacts what it consists of, deleted ones included
 */
public record RestorePointRecord(String id, String instance, String runId, RestorePointStatus status, Instant createdAt,
                                 Instant completedAt, Instant freezeStartedAt, Instant freezeEndedAt, Instant homeStartedAt,
                                 Instant dbStartedAt, Instant deletedAt, String detail, Verification verification,
                                 List<ArtifactRecord> artifacts) {
  /** How long the home was frozen, or null when it was not. */
  public Duration freezeWindow() {
    return freezeStartedAt == null || freezeEndedAt == null ? null : Duration.between(freezeStartedAt, freezeEndedAt);
  }

  /** How far apart the database and home snapshots began, or null. */
  public Duration skew() {
    return homeStartedAt == null || dbStartedAt == null ? null : Duration.between(dbStartedAt, homeStartedAt).abs();
  }

  /**
   * A proof that the restore point restores, recorded by the verify runbook.
   *
   * @param at when it was verified
   * @param runId the verifying run
   * @param detail its evidence in one line
   */
  public record Verification(Instant at, String runId, String detail) {}

  /**
   * One artifact of a restore point.
   *
   * @param name unique within its restore point
   * @param kind {@code home-snapshot} or {@code db-dump}
   * @param provider the provider that made it
   * @param host the host it lives on
   * @param location path, snapshot name or tag
   * @param sizeBytes its size, or null when the provider does not tell
   * @param checksum its checksum as {@code algorithm:hex}, or null when the provider gives none
   * @param durationMs how long creating it took
   * @param createdAt when it was recorded
   * @param deletedAt when it was deleted, or null
   */
  public record ArtifactRecord(String name, String kind, String provider, String host, String location, Long sizeBytes,
                               String checksum, long durationMs, Instant createdAt, Instant deletedAt) {}
}
