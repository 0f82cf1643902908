package dev.runbook.activities.audit;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RestorePointRecord;
import dev.runbook.activities.catalog.RunQuery;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.run.RunStatus;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where an instance stands for recovery, as {@code runbook status} prints it: its newest complete restore
 * point against its {@code rpo} and, with Mesh, against its configured Mesh nodes (each must have its home in
 * that point), its last verified restore against {@code verifyEvery}, its last failed
 * backup, and its runs. The catalog gives all but {@code awaitingApproval} and {@code nextRuns}, which
 * come from Temporal and are null when it could not be asked.
 *
 * @param instance the instance
 * @param rpo its newest complete restore point and the objective
 * @param mesh which configured Bitbucket Mesh nodes that point can restore; null for an instance without Mesh
 * @param verification its last verified restore point and the objective
 * @param lastFailedBackup its newest failed backup, or null
 * @param running its runs the catalog records as running
 * @param awaitingApproval its runs waiting for a second person (from Temporal), or null when unknown
 * @param nextRuns the next starts of the schedules naming it (from Temporal), or null when unknown
 * @param missed each objective missed, in one line each; empty when all are met
 */
public record InstanceStatus(String instance, Rpo rpo, MeshCoverage mesh, Verification verification, Run lastFailedBackup,
                             List<Run> running, List<Run> awaitingApproval, List<ScheduledRun> nextRuns,
                             List<String> missed) {
  /**
   * @param objectiveMs the configured {@code rpo}, or null when none
   * @param point the newest complete restore point, or null when there is none
   * @param takenAt when its backup began, or null
   * @param ageMs how old it is now (the RPO now), or null
   */
  public record Rpo(Long objectiveMs, String point, Instant takenAt, Long ageMs) {}

  /**
   * @param objectiveMs the configured {@code verifyEvery}, or null when none
   * @param point the restore point verified last, or null when none ever was
   * @param verifiedAt when, or null
   * @param runId the verifying run, or null
   * @param ageMs how long ago, or null
   */
  public record Verification(Long objectiveMs, String point, Instant verifiedAt, String runId, Long ageMs) {}

  /** A run: its id, runbook, status, start, who asked, and its summary (null while running). */
  public record Run(String runId, String workflowId, String runbook, String status, Instant startedAt, String requestedBy,
                    String summary) {}

  /** A schedule's next start: the schedule, what it runs, when. */
  public record ScheduledRun(String schedule, String runbook, Instant at) {}

  /** The catalog's part of {@code instance}'s status at {@code now}. */
  public static InstanceStatus read(Catalog catalog, InstanceConfig instance, Instant now) throws SQLException {
    List<RestorePointRecord> points = catalog.restorePointRecords(instance.name());
    Optional<RestorePointRecord> newest = points.stream().filter(p -> p.status() == RestorePointStatus.COMPLETE).findFirst();
    Optional<RestorePointRecord> verified = points.stream().filter(p -> p.verification() != null)
        .max(Comparator.comparing(p -> p.verification().at()));
    Rpo rpo = new Rpo(millis(instance.rpo()), newest.map(RestorePointRecord::id).orElse(null),
        newest.map(RestorePointRecord::createdAt).orElse(null),
        newest.map(p -> Duration.between(p.createdAt(), now).toMillis()).orElse(null));
    Verification verification = new Verification(millis(instance.verifyEvery()),
        verified.map(RestorePointRecord::id).orElse(null), verified.map(p -> p.verification().at()).orElse(null),
        verified.map(p -> p.verification().runId()).orElse(null),
        verified.map(p -> Duration.between(p.verification().at(), now).toMillis()).orElse(null));
    Run failed = catalog.runs(new RunQuery(instance.name(), BackupWorkflow.KIND, RunStatus.FAILED, null, null, null, null, 1))
        .stream().findFirst().map(InstanceStatus::run).orElse(null);
    List<Run> running = catalog.runs(new RunQuery(instance.name(), null, RunStatus.RUNNING, null, null, null, null, 100))
        .stream().map(InstanceStatus::run).toList();
    MeshCoverage mesh = MeshCoverage.of(instance, newest.orElse(null));
    return new InstanceStatus(instance.name(), rpo, mesh, verification, failed, running, null, null,
        missed(rpo, mesh, verification));
  }

  /** This status with what Temporal said: runs awaiting approval and the next scheduled runs. */
  public InstanceStatus withTemporal(List<Run> awaiting, List<ScheduledRun> next) {
    return new InstanceStatus(instance, rpo, mesh, verification, lastFailedBackup, running, awaiting, next, missed);
  }

  private static List<String> missed(Rpo rpo, MeshCoverage mesh, Verification v) {
    List<String> out = new ArrayList<>();
    if (rpo.objectiveMs() != null && rpo.ageMs() == null) {
      out.add("RPO: no complete restore point (objective " + Durations.text(rpo.objectiveMs()) + ")");
    } else if (rpo.objectiveMs() != null && rpo.ageMs() > rpo.objectiveMs()) {
      out.add("RPO: newest complete restore point is " + Durations.text(rpo.ageMs()) + " old, objective "
          + Durations.text(rpo.objectiveMs()));
    }
    if (mesh != null && mesh.missed() != null) {
      out.add(mesh.missed());
    }
    if (v.objectiveMs() != null && v.ageMs() == null) {
      out.add("verification: never verified (objective every " + Durations.text(v.objectiveMs()) + ")");
    } else if (v.objectiveMs() != null && v.ageMs() > v.objectiveMs()) {
      out.add("verification: last verified " + Durations.text(v.ageMs()) + " ago, objective every "
          + Durations.text(v.objectiveMs()));
    }
    return out;
  }

  static Run run(RunRecord r) {
    return new Run(r.id(), r.workflowId(), r.runbook(), r.status().name(), r.startedAt(), r.requestedBy(), r.summary());
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }
}
