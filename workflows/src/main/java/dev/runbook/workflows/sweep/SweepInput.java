package dev.runbook.workflows.sweep;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link SweepWorkflow}, for example {@code {}}, {@code {"apply":true}}, or
 * {@code {"repairsOnly":true}} (what the control worker's schedule gives).
 *
 * @param apply also delete the kept-aside homes and databases older than {@code restore.keepAside}; false when
 *     absent (they are listed). Everything else a sweep finds it always repairs.
 * @param repairsOnly only repair what ended runs left and thaw frozen homes, without looking at kept-aside
 *     copies; and record the run in the catalog only when there is something to repair or a home that
 *     may be frozen, so a sweep every few minutes does not fill the history; false when absent
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record SweepInput(boolean apply, boolean repairsOnly, Trigger trigger, String requestedBy) {
  public SweepInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
