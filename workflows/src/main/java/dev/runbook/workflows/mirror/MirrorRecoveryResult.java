package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * Outcome of a successful {@link MirrorRecoveryWorkflow} run.
 *
 * @param mirror the mirror's name
 * @param before the diagnosis that started the recovery
 * @param after the diagnosis at the end: healthy
 * @param actions what the run changed, in order, in words
 * @param steps every recorded step
 */
public record MirrorRecoveryResult(String mirror, MirrorDiagnosis before, MirrorDiagnosis after, List<String> actions,
                                   List<StepView> steps) implements dev.runbook.workflows.run.RunResult {}
