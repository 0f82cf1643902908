package dev.runbook.workflows.services;

import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceResult;
import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * Per-node outcome of a service action.
 *
 * @param instance the instance
 * @param action what was done
 * @param nodes one entry per node, in configuration order
 * @param ok true when every node did what was asked (all stopped, all started, or every status read)
 * @param steps the run's steps
 */
public record ServicesResult(String instance, ServiceAction action, List<NodeOutcome> nodes, boolean ok,
                             List<StepView> steps) implements dev.runbook.workflows.run.RunResult {
  /**
   * One node's outcome.
   *
   * @param node the node
   * @param host the host it runs on
   * @param result the units' states, or null when the step failed
   * @param error why the step failed, or null
   */
  public record NodeOutcome(String node, String host, ServiceResult result, String error) {}
}
