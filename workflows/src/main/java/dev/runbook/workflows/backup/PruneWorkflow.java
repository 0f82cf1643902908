package dev.runbook.workflows.backup;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Applies retention on its own: keeps the newest N complete restore points of exactly one instance
 * and deletes the others' artifacts as the catalog recorded them. With {@code dryRun}, lists them.
 */
@WorkflowInterface
public interface PruneWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Prune";
  /** The runbook kind in the catalog. */
  String KIND = "prune";

  @WorkflowMethod(name = TYPE)
  PruneResult prune(PruneInput input);
}
