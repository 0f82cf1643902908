package dev.runbook.workflows.run;

import java.util.List;

/**
 * A runbook's result: it carries the run's steps as they ended, so that a client holding the result need
 * not ask the finished run for them again (a query on a closed run makes a worker replay its history).
 */
public interface RunResult {
  /** The run's steps, in order. */
  List<StepView> steps();
}
