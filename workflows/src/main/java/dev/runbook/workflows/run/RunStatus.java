package dev.runbook.workflows.run;

/** The state of a run as the catalog records it. */
public enum RunStatus {
  RUNNING,
  /** The runbook did everything it set out to do and found nothing wrong. */
  SUCCEEDED,
  /** The runbook stopped on an error, or (for checks) found a problem; the summary says which. */
  FAILED,
  /** Someone cancelled the run. */
  CANCELLED,
  /**
   * The run did nothing on purpose, and the summary says why: a scheduled backup that found its
   * instance held by another run (for example a restore waiting for approval).
   */
  SKIPPED
}
