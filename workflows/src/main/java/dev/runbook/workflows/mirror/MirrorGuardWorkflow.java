package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The staging guard: reads a staging instance's mirror records and production's, and reports every
 * mirror they share by id or base URL, the precondition of the staging-clone incident. It never deletes
 * anything: a delete from staging is what breaks the production mirror. See docs/runbooks/mirror.md.
 */
@WorkflowInterface
public interface MirrorGuardWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "MirrorGuard";
  /** The runbook kind in the catalog. */
  String KIND = "mirror-guard";

  @WorkflowMethod(name = TYPE)
  MirrorGuardResult guard(MirrorGuardInput input);
}
