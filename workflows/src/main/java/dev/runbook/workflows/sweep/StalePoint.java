package dev.runbook.workflows.sweep;

/**
 * A restore point still CREATING whose backup run is no longer open in Temporal.
 *
 * @param id the restore point, {@code <instance>-<yyyyMMdd'T'HHmmss'Z'>}
 * @param instance its instance
 * @param runId the backup run that created it
 * @param why what Temporal says of that run
 */
public record StalePoint(String id, String instance, String runId, String why) {}
