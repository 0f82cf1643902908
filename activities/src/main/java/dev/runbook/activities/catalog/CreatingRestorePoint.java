package dev.runbook.activities.catalog;

/**
 * A restore point the catalog records as CREATING, and the run that creates it.
 *
 * @param workflowId the run's workflow id; null when the run was never recorded
 */
public record CreatingRestorePoint(String id, String instance, String runId, String workflowId) {}
