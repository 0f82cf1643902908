package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Looks at every configured mirror (or one): the mirror's upstream state, the primary's record and
 * its {@code lastSeenDate}, pending requests, synchronization progress and farm nodes, each finding
 * with its evidence. Changes nothing, except that a REMOVED mirror with {@code autoRecover: true}
 * gets a {@link MirrorRecoveryWorkflow} started (which still asks for approval). See
 * docs/runbooks/mirror.md.
 */
@WorkflowInterface
public interface MirrorHealthWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "MirrorHealth";
  /** The runbook kind in the catalog. */
  String KIND = "mirror-check";

  @WorkflowMethod(name = TYPE)
  MirrorHealthResult check(MirrorHealthInput input);
}
