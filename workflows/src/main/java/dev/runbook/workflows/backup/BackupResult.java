package dev.runbook.workflows.backup;

import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * A completed (or skipped) backup.
 *
 * @param instance the instance
 * @param restorePointId the restore point it recorded
 * @param artifacts what the restore point consists of
 * @param freezeMs how long the home was frozen, in milliseconds; null when the provider does not freeze
 * @param skewMs how far apart the database and home snapshots began
 * @param pruned restore points retention deleted
 * @param warnings problems that did not fail the backup (retention, notification)
 * @param steps the run's steps
 * @param skipped why the backup did nothing (a scheduled backup of an instance another run holds); null
 *     when it ran, and then {@code restorePointId} names what it made
 */
public record BackupResult(String instance, String restorePointId, List<Artifact> artifacts, Long freezeMs, long skewMs,
                           List<String> pruned, List<String> warnings, List<StepView> steps, String skipped) implements dev.runbook.workflows.run.RunResult {}
