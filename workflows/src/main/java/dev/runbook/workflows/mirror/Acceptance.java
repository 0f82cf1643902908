package dev.runbook.workflows.mirror;

/**
 * Outcome of {@link MirrorActivities#acceptRequest}.
 *
 * @param requestId the request accepted (now or before), or null when there was none to accept
 * @param accepted true when this call accepted it; false when it was already accepted
 * @param detail what was done, in words
 */
public record Acceptance(Integer requestId, boolean accepted, String detail) {}
