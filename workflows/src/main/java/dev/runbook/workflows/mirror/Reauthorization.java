package dev.runbook.workflows.mirror;

/**
 * Outcome of {@link MirrorActivities#requestAuthorization}.
 *
 * @param requestId the PENDING request on the primary from this mirror, or null when none is needed
 * @param sent true when this call made the mirror send it; false when one was already waiting or none was needed
 * @param detail what was done, in words
 */
public record Reauthorization(Integer requestId, boolean sent, String detail) {}
