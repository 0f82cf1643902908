package dev.runbook.workflows.mirror;

/**
 * Outcome of {@link MirrorActivities#removeStaleRecord}.
 *
 * @param removed true when this call deleted the record
 * @param mirrorId the id of the record (deleted or looked for), or null when unknown
 * @param detail what was done or why nothing was, in words
 */
public record StaleRecordRemoval(boolean removed, String mirrorId, String detail) {}
