package dev.runbook.workflows.verify;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link VerifyWorkflow}, for example {@code {"instance":"prod"}}.
 *
 * @param instance the instance (required)
 * @param point a restore point id, or {@code latest} (the default): the newest complete one
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record VerifyInput(String instance, String point, Trigger trigger, String requestedBy) {
  public VerifyInput {
    point = point == null || point.isBlank() ? "latest" : point;
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? dev.runbook.workflows.internal.ApprovalGate.UNKNOWN
        : requestedBy;
  }
}
