package dev.runbook.activities.catalog;

/** Whether a run is still open in Temporal; used to take over a lease its holder can no longer release. */
@FunctionalInterface
public interface RunLiveness {
  boolean running(String workflowId, String runId);

  /** Never takes over a lease: every holder counts as running. */
  RunLiveness ASSUME_RUNNING = (workflowId, runId) -> true;
}
