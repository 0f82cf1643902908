package dev.runbook.workflows;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import dev.runbook.workflows.internal.StartedBy;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;

/** The Temporal test server as the workflow tests need it, and what the Temporal UI would show of a run. */
public final class TestEnvironments {
  private TestEnvironments() {}

  /** A test environment with the runbook search attributes registered, as the worker registers them at start. */
  public static TestWorkflowEnvironment withSearchAttributes() {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    for (var key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // Temporal's real server sets this on every run a Schedule starts; the test server needs it registered.
    env.registerSearchAttribute(StartedBy.SCHEDULED_BY_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return env;
  }

  /** Start options as runbook's own starters give them for {@code trigger}: its memo and search attributes. */
  public static WorkflowOptions.Builder startedBy(Trigger trigger, String workflowId) {
    RunLabel label = new RunLabel("test", null, trigger);
    return WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(workflowId)
        .setTypedSearchAttributes(label.searchAttributes()).setMemo(label.memo());
  }

  /** Start options as runbook's CLI gives them. */
  public static WorkflowOptions.Builder startedByCli(String workflowId) {
    return startedBy(Trigger.CLI, workflowId);
  }

  /** Start options as a Temporal Schedule gives them: the run carries {@code TemporalScheduledById}. */
  public static WorkflowOptions.Builder startedBySchedule(String workflowId, String scheduleId) {
    return WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).setWorkflowId(workflowId)
        .setTypedSearchAttributes(SearchAttributes.newBuilder().set(StartedBy.SCHEDULED_BY_ID, scheduleId).build());
  }

  /** The run's {@code RunbookState} search attribute, as the UI's list filters on it. */
  public static String state(WorkflowStub run) {
    return run.describe().getTypedSearchAttributes().get(RunbookSearchAttributes.STATE);
  }

  /** The run's current details, as the UI shows them: served by the SDK's built-in metadata query. */
  public static String currentDetails(WorkflowStub run) {
    return run.query(WorkflowClient.QUERY_TYPE_WORKFLOW_METADATA, WorkflowMetadata.class).getCurrentDetails();
  }
}
