package dev.runbook.workflows.hosts;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link HostsWorkflow}: {@code {}} is enough.
 *
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record HostsInput(Trigger trigger, String requestedBy) {
  public HostsInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
