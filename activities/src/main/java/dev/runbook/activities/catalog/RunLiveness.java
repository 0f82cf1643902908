package dev.runbook.activities.catalog;

/** Whether a run is still open in Temporal; used to take over a lease its holder can no longer release. */
@FunctionalInterface
public interface RunLiveness {
  boolean running(String workflowId, String runId);

  /**
   * Whether the run waits for a second person's approval (its {@code RunbookState}), so a run refused for
   * a busy instance can say what it waits on; false when not known.
   */
  default boolean awaitingApproval(String workflowId, String runId) {
    return false;
  }

  /** Never takes over a lease: every holder counts as running. */
  RunLiveness ASSUME_RUNNING = (workflowId, runId) -> true;
}
