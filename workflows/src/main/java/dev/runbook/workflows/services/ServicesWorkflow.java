package dev.runbook.workflows.services;

import dev.runbook.workflows.run.RunbookWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Stops, starts or reads Bitbucket's services on every node of an instance, in parallel, each on the
 * node's host; first checks that every node's host answers, so nothing is stopped when one cannot be
 * reached. The restore runbook uses the same steps.
 */
@WorkflowInterface
public interface ServicesWorkflow extends RunbookWorkflow {
  /** The workflow type name. */
  String TYPE = "Services";
  /** The runbook kind in the catalog. */
  String KIND = "services";

  @WorkflowMethod(name = TYPE)
  ServicesResult run(ServicesInput input);
}
