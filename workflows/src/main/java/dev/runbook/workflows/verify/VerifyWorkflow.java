package dev.runbook.workflows.verify;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Proves that a restore point restores: its dump into a scratch database and its home snapshots into
 * writable scratch clones, neither shared with production; then the key tables' row counts and
 * {@code git fsck --connectivity-only} on a sample of repositories. The scratch copies are deleted
 * whatever happened, and the outcome is recorded on the restore point. See docs/runbooks/verify.md.
 */
@WorkflowInterface
public interface VerifyWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Verify";
  /** The runbook kind in the catalog. */
  String KIND = "verify";

  @WorkflowMethod(name = TYPE)
  VerifyResult verify(VerifyInput input);
}
