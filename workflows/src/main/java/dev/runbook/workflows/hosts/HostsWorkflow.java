package dev.runbook.workflows.hosts;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Pings every configured host on its own queue, in parallel: agents answer for themselves, SSH hosts
 * through the control worker (handshake and a command). Changes nothing.
 */
@WorkflowInterface
public interface HostsWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Hosts";
  /** The runbook kind in the catalog. */
  String KIND = "hosts";

  @WorkflowMethod(name = TYPE)
  HostsResult check(HostsInput input);
}
