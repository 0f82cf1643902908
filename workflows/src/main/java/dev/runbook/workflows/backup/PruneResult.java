package dev.runbook.workflows.backup;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * What retention kept and deleted (or, on a dry run, would delete).
 *
 * @param instance the instance
 * @param dryRun whether anything was deleted
 * @param kept restore points kept, newest first
 * @param deleted restore points deleted (would be, on a dry run), oldest first
 * @param failures restore points that could not be deleted, with why
 * @param steps the run's steps
 */
public record PruneResult(String instance, boolean dryRun, List<String> kept, List<String> deleted, List<String> failures,
                          List<StepView> steps) implements dev.runbook.workflows.run.RunResult {}
