package dev.runbook.workflows.check;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Checks that an instance can be operated on: Bitbucket answers {@code /status} and its version,
 * every host the instance uses has a live agent, and Bitbucket reports every Mesh node configured,
 * registered and AVAILABLE, with no unreachable link in its Mesh connectivity report. Changes nothing. A check that finds a problem
 * completes with {@code healthy=false}, the verdict ({@link HealthVerdict#DEGRADED} or {@link HealthVerdict#UNHEALTHY})
 * and the findings, each with the level it causes; it fails only when it cannot run at all (unknown instance,
 * invalid configuration).
 */
@WorkflowInterface
public interface HealthCheckWorkflow extends RunbookWorkflow {
  /** The workflow type name, as typed in the Temporal UI. */
  String TYPE = "HealthCheck";
  /** The runbook kind recorded in the catalog and search attributes. */
  String KIND = "check";

  @WorkflowMethod(name = TYPE)
  HealthCheckResult check(HealthCheckInput input);
}
