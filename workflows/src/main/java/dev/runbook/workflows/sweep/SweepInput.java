package dev.runbook.workflows.sweep;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link SweepWorkflow}, for example {@code {}} (what a schedule gives) or {@code {"apply":true}}.
 *
 * @param apply also delete the kept-aside homes and databases older than {@code restore.keepAside}; false when
 *     absent (they are listed). Everything else a sweep finds it always repairs.
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record SweepInput(boolean apply, Trigger trigger, String requestedBy) {
  public SweepInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
