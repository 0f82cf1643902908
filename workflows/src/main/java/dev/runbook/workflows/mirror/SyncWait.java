package dev.runbook.workflows.mirror;

/**
 * Outcome of {@link MirrorActivities#awaitSynchronized}: a timeout is an answer, not a failure, so the
 * recovery can restart the mirror and wait again.
 *
 * @param installed the mirror reported INSTALLED
 * @param synchronizedAll every repository synchronized
 * @param state the last upstream state seen, or null when the mirror did not answer
 * @param progress the last progress seen, or null
 * @param detail what the wait saw last, in words
 */
public record SyncWait(boolean installed, boolean synchronizedAll, String state, MirrorInspection.SyncProgress progress,
                       String detail) {
  public boolean healthy() {
    return installed && synchronizedAll;
  }
}
