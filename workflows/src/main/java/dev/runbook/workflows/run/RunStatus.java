package dev.runbook.workflows.run;

/** The state of a run as the catalog records it. */
public enum RunStatus {
  RUNNING,
  /** The runbook did everything it set out to do and found nothing wrong. */
  SUCCEEDED,
  /** The runbook stopped on an error, or (for checks) found a problem; the summary says which. */
  FAILED,
  /** Someone cancelled the run. */
  CANCELLED
}
