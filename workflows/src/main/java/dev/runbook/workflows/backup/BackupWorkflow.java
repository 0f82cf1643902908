package dev.runbook.workflows.backup;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A consistent backup of an instance: the shared home snapshot and the database backup, in
 * parallel, recorded as one restore point; then retention and notification. Zero-downtime by
 * default (atomic snapshots while Bitbucket serves); locked mode holds Bitbucket's maintenance lock,
 * released whatever happens. A failed backup deletes everything it made. See docs/runbooks/backup.md.
 */
@WorkflowInterface
public interface BackupWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Backup";
  /** The runbook kind in the catalog. */
  String KIND = "backup";

  /** The workflow id every backup of {@code instance} uses, so two cannot run at once. */
  static String workflowId(String instance) {
    return "backup-" + instance;
  }

  @WorkflowMethod(name = TYPE)
  BackupResult backup(BackupInput input);
}
