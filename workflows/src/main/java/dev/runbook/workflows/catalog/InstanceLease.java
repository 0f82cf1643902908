package dev.runbook.workflows.catalog;

/**
 * A run's claim on an instance: one backup or restore of an instance at a time.
 *
 * @param instance the instance
 * @param runId the run holding (or asking for) it
 * @param workflowId that run's workflow id
 * @param runbook that run's kind
 */
public record InstanceLease(String instance, String runId, String workflowId, String runbook) {}
