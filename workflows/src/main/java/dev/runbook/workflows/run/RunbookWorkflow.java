package dev.runbook.workflows.run;

import io.temporal.workflow.QueryMethod;

/** Methods every runbook workflow offers besides its own; the CLI follows runs through them. */
public interface RunbookWorkflow {
  /** The steps so far and the run's status; the CLI's {@code --follow} polls it. */
  @QueryMethod
  RunProgress progress();
}
