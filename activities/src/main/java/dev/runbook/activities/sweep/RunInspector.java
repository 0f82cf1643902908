package dev.runbook.activities.sweep;

import java.util.Optional;

/** Asks Temporal whether a run is still open and, when it is not, how it closed; the worker asks the server. */
@FunctionalInterface
public interface RunInspector {
  /** Empty while the run is open (or Temporal cannot say); else how it closed. */
  Optional<Closed> closed(String workflowId, String runId);

  /**
   * How a run closed.
   *
   * @param status Temporal's status without its prefix ({@code TERMINATED}, {@code TIMED_OUT}, ...), or
   *     {@code NOT_FOUND} when Temporal no longer knows the run (past its retention)
   * @param reason what Temporal recorded: the termination's reason and identity, the failure's message
   */
  record Closed(String status, String reason) {
    /** One line for the catalog and the operator. */
    public String describe() {
      return "Temporal reports " + status + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }
  }
}
