package dev.runbook.workflows.services;

import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link ServicesWorkflow}, for example {@code {"instance":"prod","action":"status"}}.
 *
 * @param instance the instance (required)
 * @param action stop, start or status (required)
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked; {@code unknown} when absent
 */
public record ServicesInput(String instance, ServiceAction action, Trigger trigger, String requestedBy) {
  public ServicesInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
