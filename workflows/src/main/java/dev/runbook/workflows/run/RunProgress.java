package dev.runbook.workflows.run;

import java.util.List;

/**
 * What a run has done so far; every runbook answers it through the {@code progress} query.
 *
 * @param runbook the runbook kind, for example {@code check}
 * @param instance the instance name from the input
 * @param status RUNNING until the run ends
 * @param summary one line on how the run ended, null while running
 * @param steps every step started so far, in order
 */
public record RunProgress(String runbook, String instance, RunStatus status, String summary, List<StepView> steps) {}
