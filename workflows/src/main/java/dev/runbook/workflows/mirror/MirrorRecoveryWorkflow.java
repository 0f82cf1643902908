package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.ApprovableWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Brings a Smart Mirror back after its pairing with the primary was broken (the staging-clone
 * incident): confirm the diagnosis, approval, remove the stale record on the primary, make the mirror
 * ask again, accept its request (never another mirror's), wait for INSTALLED and synchronization,
 * restart the mirror service if it does not synchronize, and last restore it from its backup. Every
 * step is idempotent. See docs/runbooks/mirror.md.
 */
@WorkflowInterface
public interface MirrorRecoveryWorkflow extends ApprovableWorkflow {
  /** The workflow type name. */
  String TYPE = "MirrorRecovery";
  /** The runbook kind in the catalog. */
  String KIND = "mirror-recovery";

  @WorkflowMethod(name = TYPE)
  MirrorRecoveryResult recover(MirrorRecoveryInput input);

  /** The diagnosis that started the run, or null before it is made. */
  @QueryMethod
  MirrorDiagnosis diagnosis();
}
