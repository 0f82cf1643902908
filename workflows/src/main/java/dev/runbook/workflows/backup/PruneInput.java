package dev.runbook.workflows.backup;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link PruneWorkflow}, for example {@code {"instance":"prod","dryRun":true}}.
 *
 * @param instance the instance (required)
 * @param dryRun list what retention would delete, delete nothing; false when absent
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record PruneInput(String instance, boolean dryRun, Trigger trigger, String requestedBy) {
  public PruneInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
