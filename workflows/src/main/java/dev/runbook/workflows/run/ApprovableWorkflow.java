package dev.runbook.workflows.run;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;

/**
 * A runbook that waits for a second person's approval before it changes anything (restore, mirror
 * recovery). {@code runbook approve} and {@code runbook reject} send these updates by name to any of them.
 */
public interface ApprovableWorkflow extends RunbookWorkflow {
  /** True while the run waits for approval. */
  @QueryMethod
  boolean awaitingApproval();

  /** Approves the run; refused for its requester, without a reason, or when no approval is awaited. */
  @UpdateMethod
  String approve(Decision decision);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Decision decision);

  /** Rejects the run: it ends with nothing changed. Refused without a reason, or when no approval is awaited. */
  @UpdateMethod
  String reject(Decision decision);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Decision decision);
}
