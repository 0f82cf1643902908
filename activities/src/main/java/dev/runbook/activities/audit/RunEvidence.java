package dev.runbook.activities.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * The audit record of one run, as {@code runbook show --format json} and {@code runbook evidence} write it.
 * Its JSON form is described by {@code docs/evidence.schema.json}; version {@value #SCHEMA_VERSION}.
 * Everything comes from the catalog; nothing in it is a secret (the input was redacted when recorded).
 *
 * @param schemaVersion {@value #SCHEMA_VERSION}
 * @param generatedAt when this record was written
 * @param catalog where it was read (a URL without password)
 * @param run the run
 * @param input the run's input as recorded, secret-looking values removed
 * @param approvals its approval decisions (restores and mirror recoveries)
 * @param cancelRequests who asked to cancel it
 * @param steps every step in order
 * @param restorePoint the restore point the run made (backup) or restored (restore), or null
 * @param recovery for a restore: the RPO and RTO achieved; else null
 */
public record RunEvidence(int schemaVersion, Instant generatedAt, String catalog, Run run, JsonNode input,
                          List<Approval> approvals, List<CancelRequest> cancelRequests, List<Step> steps,
                          RestorePoint restorePoint, Recovery recovery) {
  /** The version of this record's JSON form. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * The run itself.
   *
   * @param id Temporal's run id
   * @param workflowId the workflow id
   * @param runbook the runbook kind
   * @param instance the instance or mirror, or null
   * @param status RUNNING, SUCCEEDED, FAILED or CANCELLED
   * @param summary one line on how it ended, or null while running
   * @param trigger what started it: cli, schedule, incident, ui, manual
   * @param requestedBy who asked for it ({@code schedule NAME} for a schedule)
   * @param startedAt start
   * @param endedAt end, or null while running
   * @param durationMs from start to end, or null while running
   */
  public record Run(String id, String workflowId, String runbook, String instance, String status, String summary,
                    String trigger, String requestedBy, Instant startedAt, Instant endedAt, Long durationMs) {
    /** The run {@code r} as the catalog holds it; {@code now} is unused while it runs (no duration yet). */
    public static Run of(dev.runbook.activities.catalog.RunRecord r, Instant now) {
      return new Run(r.id(), r.workflowId(), r.runbook(), r.instance(), r.status().name(), r.summary(), r.trigger(),
          r.requestedBy(), r.startedAt(), r.endedAt(), r.endedAt() == null ? null : r.duration(now).toMillis());
    }
  }

  /** An approval decision: APPROVED, REJECTED, WAIVED or TIMED_OUT, by whom, why, when. */
  public record Approval(String decision, String decidedBy, String reason, Instant at) {}

  /** A request to cancel the run. */
  public record CancelRequest(String requestedBy, String reason, Instant at) {}

  /**
   * One step.
   *
   * @param seq position from 1
   * @param name what it does
   * @param host where it ran, or null for control steps (on the control worker)
   * @param startedAt start
   * @param endedAt end, or null when it did not end
   * @param durationMs its duration, or null
   * @param outcome OK, FAILED, SKIPPED or RUNNING
   * @param detail its evidence or error in one line, or null
   */
  public record Step(int seq, String name, String host, Instant startedAt, Instant endedAt, Long durationMs,
                     String outcome, String detail) {}

  /**
   * A restore point.
   *
   * @param id its id
   * @param status CREATING, COMPLETE, FAILED or DELETED
   * @param createdAt when its backup began
   * @param completedAt when it became complete, or null
   * @param freezeStartedAt when the home was frozen, or null when it was not
   * @param freezeEndedAt when it was thawed, or null
   * @param freezeWindowMs how long it was frozen, or null
   * @param skewMs how far apart the home snapshot and the database backup began, or null
   * @param verifiedAt when it was last proven to restore, or null
   * @param verifiedBy the run that verified it, or null
   * @param verification that run's evidence, or null
   * @param artifacts its snapshots and dumps, deleted ones included
   */
  public record RestorePoint(String id, String status, Instant createdAt, Instant completedAt, Instant freezeStartedAt,
                             Instant freezeEndedAt, Long freezeWindowMs, Long skewMs, Instant verifiedAt, String verifiedBy,
                             String verification, List<Artifact> artifacts) {}

  /**
   * An artifact.
   *
   * @param name its name within the restore point
   * @param kind home-snapshot or db-dump
   * @param provider the provider that made it
   * @param host the host it lives on
   * @param location path, snapshot name or tag
   * @param sizeBytes its size, or null when the provider does not tell
   * @param checksum {@code algorithm:hex}, or null when the provider gives none
   * @param deletedAt when retention deleted it, or null
   */
  public record Artifact(String name, String kind, String provider, String host, String location, Long sizeBytes,
                         String checksum, Instant deletedAt) {}

  /**
   * What a restore achieved.
   *
   * @param restorePointAgeMs RPO achieved: how old the restored point was when the restore started
   * @param servicesStoppedAt when the first node's stop began, or null when nothing was stopped
   * @param runningAt when Bitbucket answered RUNNING again, or null when it did not in this run
   * @param downtimeMs RTO achieved: from the stop to RUNNING, or null when either is missing
   */
  public record Recovery(Long restorePointAgeMs, Instant servicesStoppedAt, Instant runningAt, Long downtimeMs) {}
}
