package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * Outcome of {@link MirrorHealthWorkflow}.
 *
 * @param mirrors one report per mirror checked, in configuration order
 * @param healthy true when every mirror is healthy
 * @param steps every recorded step
 */
public record MirrorHealthResult(List<MirrorReport> mirrors, boolean healthy, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {
  /**
   * One mirror's health.
   *
   * @param diagnosis the condition and its evidence
   * @param farmNodes the nodes the mirror lists
   * @param recovery what {@code autoRecover} did, in words: started the recovery, or found it running (its
   *     workflow id is {@code mirror-recovery-<mirror>-auto}); null when it did nothing
   */
  public record MirrorReport(MirrorDiagnosis diagnosis, List<MirrorInspection.FarmNode> farmNodes, String recovery) {}
}
