package dev.runbook.worker.internal;

import dev.runbook.activities.catalog.RunLiveness;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.run.RunState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DefaultDataConverter;

/** Asks Temporal whether a run is still open; a run the server does not know (an embedded server restarted) is not. */
public final class TemporalLiveness implements RunLiveness {
  private final WorkflowClient client;

  public TemporalLiveness(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public boolean running(String workflowId, String runId) {
    WorkflowExecutionInfo info = describe(workflowId, runId);
    return info != null && info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  @Override
  public boolean awaitingApproval(String workflowId, String runId) {
    WorkflowExecutionInfo info = describe(workflowId, runId);
    if (info == null) {
      return false;
    }
    Payload state = info.getSearchAttributes().getIndexedFieldsMap().get(RunbookSearchAttributes.STATE.getName());
    return state != null && RunState.AWAITING_APPROVAL.name().equals(
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(state, String.class, String.class));
  }

  /** The run as Temporal describes it; null when the server does not know it. */
  private WorkflowExecutionInfo describe(String workflowId, String runId) {
    try {
      return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
          DescribeWorkflowExecutionRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
              .build()).getWorkflowExecutionInfo();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }
}
