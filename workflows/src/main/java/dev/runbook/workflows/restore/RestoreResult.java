package dev.runbook.workflows.restore;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * A restore's outcome.
 *
 * @param instance the instance
 * @param plan the plan it followed
 * @param planOnly true when it stopped after the plan (nothing changed)
 * @param approval who approved and why, or {@code waived by configuration}; null for a plan only
 * @param keptHomeAs where the previous home was kept, per mount
 * @param keptDatabaseAs the name the previous database was kept under, or null
 * @param removedLocks stale git lock files removed: paths in the shared home, then {@code <Mesh node>:<path>} in Mesh homes
 * @param warnings problems that did not fail the restore
 * @param steps the run's steps
 */
public record RestoreResult(String instance, RestorePlan plan, boolean planOnly, String approval, List<String> keptHomeAs,
                            String keptDatabaseAs, List<String> removedLocks, List<String> warnings, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {}
