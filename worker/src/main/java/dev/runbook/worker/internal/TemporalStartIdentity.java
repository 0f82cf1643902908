package dev.runbook.worker.internal;

import dev.runbook.activities.catalog.StartIdentity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;

/**
 * Reads the identity from a run's first history event (its start). Other errors than an unknown run are
 * thrown, so that the catalog step is retried rather than recording a guess.
 */
public final class TemporalStartIdentity implements StartIdentity {
  private final WorkflowClient client;

  public TemporalStartIdentity(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public String of(String workflowId, String runId) {
    try {
      var events = client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
          GetWorkflowExecutionHistoryRequest.newBuilder()
              .setNamespace(client.getOptions().getNamespace())
              .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
              .setMaximumPageSize(1)
              .build()).getHistory().getEventsList();
      return events.isEmpty() ? "" : events.get(0).getWorkflowExecutionStartedEventAttributes().getIdentity();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return "";
      }
      throw e;
    }
  }
}
