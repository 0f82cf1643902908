package dev.runbook.workflows.restore;

import dev.runbook.workflows.run.Failures;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The restore's undo steps: a {@link Saga} that runs every step in reverse even when one fails, and
 * remembers which failed so that the run can say what it left behind. Runs in workflow code.
 */
final class Undo {
  private final Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
  private final List<String> failures = new ArrayList<>();

  /** Registers an undo step, before the step it undoes runs. */
  void addCompensation(Functions.Proc step) {
    saga.addCompensation(() -> {
      try {
        step.apply();
      } catch (RuntimeException e) {
        failures.add(Failures.describe(e));
        throw e;
      }
    });
  }

  /** Runs the undo steps in reverse, in a detached scope so a cancelled run still undoes; returns what failed. */
  List<String> run() {
    Workflow.newDetachedCancellationScope(saga::compensate).run();
    return List.copyOf(failures);
  }
}
