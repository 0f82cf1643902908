package dev.runbook.workflows.mirror;

/**
 * Input of {@link MirrorActivities#acceptRequest}.
 *
 * @param mirror the mirror's name
 * @param mirrorId the mirror's id, or null when only its base URL identifies it
 * @param requestId the request to accept; null: this mirror's PENDING request, if any
 */
public record AcceptCall(String mirror, String mirrorId, Integer requestId) {}
