package dev.runbook.cli;

import dev.runbook.workflows.Runbooks;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalTarget;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every run an end-to-end test made on Temporal's real server (but those terminated from outside) is
 * replayed against the current workflow code before the server stops: what the real server records (not only what the test server does)
 * must replay. With {@code -Drunbook.recordHistories=true}, the first completed run of each workflow
 * type is also written to {@code workflows/src/test/resources/histories/<Type>.json} (when none is
 * there yet), where {@code RecordedHistoriesTest} replays it in every build.
 */
final class RecordedHistories {
  private static final Path RECORDINGS = Path.of("..", "workflows", "src", "test", "resources", "histories");

  private RecordedHistories() {}

  /** As {@link #replayAll(WorkflowClient)} for the server at {@code target} (default namespace). */
  static void replayAll(String target) throws Exception {
    var stubs = TemporalConnection.connect(TemporalTarget.plain(target));
    try {
      replayAll(WorkflowClient.newInstance(stubs));
    } finally {
      stubs.shutdownNow();
    }
  }

  /** Replays every run the server behind {@code client} knows; records them when asked. */
  static void replayAll(WorkflowClient client) throws Exception {
    boolean record = Boolean.getBoolean("runbook.recordHistories");
    // A run terminated from outside can end in the middle of a workflow task, which the replayer cannot
    // finish; runs that ended on their own (or still run) show any non-determinism.
    List<WorkflowExecutionMetadata> runs = client.listExecutions(
        "ExecutionStatus IN ('Running', 'Completed', 'Failed', 'Canceled')").toList();
    for (WorkflowExecutionMetadata run : runs) {
      String id = run.getExecution().getWorkflowId();
      WorkflowExecutionHistory history = client.fetchHistory(id, run.getExecution().getRunId());
      try {
        WorkflowReplayer.replayWorkflowExecutions(List.of(history), true, Runbooks.implementations());
      } catch (Exception | AssertionError e) {
        throw new AssertionError("run " + id + " (" + run.getWorkflowType() + ") recorded on the real server does not "
            + "replay against the current code: " + e.getMessage(), e);
      }
      Path file = RECORDINGS.resolve(run.getWorkflowType() + ".json");
      if (record && run.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED && !Files.exists(file)) {
        Files.createDirectories(RECORDINGS);
        Files.writeString(file, history.toJson(true));
      }
    }
  }
}
