package dev.runbook.worker.internal;

import dev.runbook.activities.sweep.RunInspector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import java.util.Optional;

/**
 * Asks Temporal how a run closed: its status from {@code DescribeWorkflowExecution}, and the reason
 * from its close event (a termination's reason and identity, a failure's message). A run the server
 * does not know (past the namespace's retention, or a dev server's store reset) is {@code NOT_FOUND}.
 */
public final class TemporalRunInspector implements RunInspector {
  private static final String PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  private final WorkflowClient client;

  public TemporalRunInspector(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public Optional<Closed> closed(String workflowId, String runId) {
    WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build();
    var stub = client.getWorkflowServiceStubs().blockingStub();
    String namespace = client.getOptions().getNamespace();
    WorkflowExecutionStatus status;
    try {
      status = stub.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
          .setExecution(execution).build()).getWorkflowExecutionInfo().getStatus();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.of(new Closed("NOT_FOUND", "Temporal no longer knows the run: past the namespace's retention,"
            + " or the server's store was reset"));
      }
      throw e;
    }
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    String name = status.name().startsWith(PREFIX) ? status.name().substring(PREFIX.length()) : status.name();
    return Optional.of(new Closed(name, reason(stub, namespace, execution)));
  }

  private static String reason(io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub stub,
                               String namespace, WorkflowExecution execution) {
    try {
      var events = stub.getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(namespace)
          .setExecution(execution).setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
          .build()).getHistory().getEventsList();
      return events.isEmpty() ? null : reason(events.get(events.size() - 1));
    } catch (StatusRuntimeException e) {
      return null; // the status says enough; the reason is a courtesy
    }
  }

  private static String reason(HistoryEvent e) {
    if (e.hasWorkflowExecutionTerminatedEventAttributes()) {
      var t = e.getWorkflowExecutionTerminatedEventAttributes();
      return "reason: " + (t.getReason().isBlank() ? "none given" : t.getReason())
          + (t.getIdentity().isBlank() ? "" : ", by " + t.getIdentity());
    }
    if (e.hasWorkflowExecutionTimedOutEventAttributes()) {
      return "the run's execution timeout passed";
    }
    if (e.hasWorkflowExecutionFailedEventAttributes()) {
      return e.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage();
    }
    return null;
  }
}
