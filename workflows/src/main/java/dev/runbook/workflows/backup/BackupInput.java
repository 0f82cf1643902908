package dev.runbook.workflows.backup;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link BackupWorkflow}, for example {@code {"instance":"prod"}}.
 *
 * @param instance the instance (required)
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record BackupInput(String instance, Trigger trigger, String requestedBy) {
  public BackupInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
