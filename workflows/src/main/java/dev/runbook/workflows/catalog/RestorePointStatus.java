package dev.runbook.workflows.catalog;

/** The life of a restore point in the catalog. */
public enum RestorePointStatus {
  /** A backup is making it; artifacts may exist. */
  CREATING,
  /** Every artifact exists: it can be restored. */
  COMPLETE,
  /** The backup failed and deleted what it had made. */
  FAILED,
  /** Retention deleted its artifacts. */
  DELETED
}
