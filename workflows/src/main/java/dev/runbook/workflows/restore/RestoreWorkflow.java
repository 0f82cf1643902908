package dev.runbook.workflows.restore;

import dev.runbook.workflows.run.ApprovableWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Puts an instance back to a restore point: plan, approval, stop Bitbucket on every node, restore
 * the home and the database, clear stale git locks, optionally run the integrity check, start, wait
 * for RUNNING. Each destructive step has an undo for the failure that follows it. See
 * docs/runbooks/restore.md.
 */
@WorkflowInterface
public interface RestoreWorkflow extends ApprovableWorkflow {
  /** The workflow type name. */
  String TYPE = "Restore";
  /** The runbook kind in the catalog. */
  String KIND = "restore";

  @WorkflowMethod(name = TYPE)
  RestoreResult restore(RestoreInput input);

  /** The plan, or null while it is being computed. */
  @QueryMethod
  RestorePlan plan();
}
