package dev.runbook.workflows.run;

/** How a step ended. */
public enum StepOutcome {
  RUNNING,
  OK,
  FAILED,
  /** Not executed, with the reason in the step's detail (for example a feature not built yet). */
  SKIPPED
}
