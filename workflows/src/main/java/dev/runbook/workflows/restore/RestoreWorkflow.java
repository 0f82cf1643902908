package dev.runbook.workflows.restore;

import dev.runbook.workflows.run.Decision;
import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Puts an instance back to a restore point: plan, approval, stop Bitbucket on every node, restore
 * the home and the database, clear stale git locks, optionally run the integrity check, start, wait
 * for RUNNING. Each destructive step has an undo for the failure that follows it. See
 * docs/runbooks/restore.md.
 */
@WorkflowInterface
public interface RestoreWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Restore";
  /** The runbook kind in the catalog. */
  String KIND = "restore";

  @WorkflowMethod(name = TYPE)
  RestoreResult restore(RestoreInput input);

  /** The plan, or null while it is being computed. */
  @QueryMethod
  RestorePlan plan();

  /** True while the run waits for approval. */
  @QueryMethod
  boolean awaitingApproval();

  /** Approves the restore; refused for the requester, without a reason, or when no approval is awaited. */
  @UpdateMethod
  String approve(Decision decision);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Decision decision);

  /** Rejects the restore: it ends with nothing changed. Refused without a reason, or when no approval is awaited. */
  @UpdateMethod
  String reject(Decision decision);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Decision decision);
}
