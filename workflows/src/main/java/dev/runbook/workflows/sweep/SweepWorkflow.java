package dev.runbook.workflows.sweep;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The reconciler: closes in the catalog the runs Temporal reports closed (terminated, timed out) or
 * no longer knows, releases what they held (instance lease, Bitbucket's maintenance lock with its
 * recorded token), deletes the artifacts of their CREATING restore points by exact id, thaws mounts
 * of idle instances left frozen, and lists the homes and databases restores kept aside for longer
 * than {@code restore.keepAside}, deleting them when {@code apply}. See docs/runbooks/sweep.md.
 */
@WorkflowInterface
public interface SweepWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Sweep";
  /** The runbook kind in the catalog. */
  String KIND = "sweep";

  @WorkflowMethod(name = TYPE)
  SweepResult sweep(SweepInput input);
}
