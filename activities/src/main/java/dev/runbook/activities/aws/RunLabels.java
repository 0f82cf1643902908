package dev.runbook.activities.aws;

/**
 * Who an AWS resource runbook makes belongs to, written into its {@link AwsTags}.
 *
 * @param instance the runbook instance name
 * @param restorePointId the restore point id
 * @param runId the id of the run (workflow) that makes it
 */
public record RunLabels(String instance, String restorePointId, String runId) {}
