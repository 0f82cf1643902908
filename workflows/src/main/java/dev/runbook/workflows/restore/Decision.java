package dev.runbook.workflows.restore;

/**
 * An approval or rejection of a restore, sent as a Temporal update.
 *
 * @param by who decides (required; for approval, not the person who asked for the restore)
 * @param reason why (required)
 */
public record Decision(String by, String reason) {}
