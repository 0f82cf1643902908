package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link MirrorHealthWorkflow}, for example {@code {}} (every mirror) or {@code {"mirror":"mirror-eu"}}.
 *
 * @param mirror one mirror's name, or null for every configured mirror
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; recorded, and passed to a recovery started by {@code autoRecover}
 */
public record MirrorHealthInput(String mirror, Trigger trigger, String requestedBy) {
  public MirrorHealthInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
  }
}
