package dev.runbook.workflows.mirror;

/**
 * Input of most {@link MirrorActivities}: the mirror's name, and its id when a step already learned it
 * (it stays known after the primary's record is removed).
 *
 * @param mirror the mirror's name in the configuration
 * @param mirrorId the mirror's id on the primary, or null: then the configured id, else the record
 *     whose base URL equals the mirror's
 */
public record MirrorCall(String mirror, String mirrorId) {}
