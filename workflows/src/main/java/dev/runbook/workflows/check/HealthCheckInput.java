package dev.runbook.workflows.check;

import dev.runbook.workflows.run.Trigger;

/**
 * Input of {@link HealthCheckWorkflow}: one small JSON object an operator can type in the Temporal UI,
 * for example {@code {"instance":"prod"}}.
 *
 * @param instance the instance name from the configuration (required)
 * @param trigger what started the run; {@code manual} when absent
 * @param requestedBy who asked for it, recorded in the catalog; {@code unknown} when absent
 */
public record HealthCheckInput(String instance, Trigger trigger, String requestedBy) {
  public HealthCheckInput {
    trigger = trigger == null ? Trigger.MANUAL : trigger;
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }

  /** An input for {@code instance} started by hand. */
  public static HealthCheckInput of(String instance) {
    return new HealthCheckInput(instance, null, null);
  }
}
