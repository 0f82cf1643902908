package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link MirrorGuardWorkflow}, for example {@code {"staging":"staging","production":"prod"}}.
 *
 * @param staging the instance cloned from production (required)
 * @param production the production instance (required)
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; recorded
 */
public record MirrorGuardInput(String staging, String production, Trigger trigger, String requestedBy) {
  public MirrorGuardInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
  }
}
