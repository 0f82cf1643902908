package dev.runbook.workflows.mirror;

import dev.runbook.workflows.approval.SignedRequest;
import dev.runbook.workflows.internal.ApprovalGate;
import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link MirrorRecoveryWorkflow}, for example {@code {"mirror":"mirror-eu","requestedBy":"alice"}}.
 *
 * @param mirror the mirror's name in the configuration (required)
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent. This person cannot approve the run, and a run
 *     that needs approval refuses to start without it.
 * @param request the requester's signed request, made by the CLI; required with {@code approval: signed}, null otherwise
 */
public record MirrorRecoveryInput(String mirror, Trigger trigger, String requestedBy, SignedRequest request) {
  public MirrorRecoveryInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? ApprovalGate.UNKNOWN : requestedBy;
  }

  /** An unsigned recovery ({@code approval: named}). */
  public MirrorRecoveryInput(String mirror, Trigger trigger, String requestedBy) {
    this(mirror, trigger, requestedBy, null);
  }
}
