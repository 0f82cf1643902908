package dev.runbook.workflows.run;

/**
 * An approval or rejection of a run that waits for one (a restore, a mirror recovery), sent as a Temporal update.
 *
 * @param by who decides (required; for approval, not the person who asked for the restore)
 * @param reason why (required)
 */
public record Decision(String by, String reason) {}
