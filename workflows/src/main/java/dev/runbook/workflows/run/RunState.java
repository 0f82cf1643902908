package dev.runbook.workflows.run;

/**
 * The state of a run as the {@code RunbookState} search attribute shows it, so the Temporal UI's list
 * can filter runs that wait for someone. The final states carry the names of {@link RunStatus}, as the
 * catalog records them.
 */
public enum RunState {
  /** A step runs, or the run is between steps. */
  RUNNING,
  /** The run waits for a second person to approve or reject it. */
  AWAITING_APPROVAL,
  /** The run ended and did everything it set out to do. */
  SUCCEEDED,
  /** The run stopped on an error, or (for checks) found a problem. */
  FAILED,
  /** Someone cancelled the run. */
  CANCELLED,
  /** The run did nothing on purpose, for example a scheduled backup of an instance another run holds. */
  SKIPPED;

  /** The state that shows a run the catalog records as {@code status}. */
  public static RunState of(RunStatus status) {
    return valueOf(status.name());
  }
}
