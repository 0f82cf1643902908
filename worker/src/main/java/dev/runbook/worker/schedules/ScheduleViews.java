package dev.runbook.worker.schedules;

import dev.runbook.activities.config.ScheduleConfig;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleInfo;
import java.util.List;
import java.util.Optional;

/** Reads runbook's schedules from Temporal with their next times and last run. */
public final class ScheduleViews {
  private final WorkflowClient client;
  private final ScheduleSync sync;

  public ScheduleViews(WorkflowClient client) {
    this.client = client;
    this.sync = ScheduleSync.of(client);
  }

  /** Every schedule runbook owns: the file's in its order, then the others it still owns. */
  public List<ScheduleView> list(List<ScheduleConfig> desired) {
    return sync.ownedNames(desired).stream().map(this::view).flatMap(Optional::stream).toList();
  }

  /** Schedule {@code name}, when Temporal has it and it is runbook's. */
  public Optional<ScheduleView> view(String name) {
    return sync.describe(ScheduleSpecs.id(name)).filter(ScheduleSync::owned).map(d -> view(name, d));
  }

  private ScheduleView view(String name, ScheduleDescription d) {
    ScheduleInfo info = d.getInfo();
    List<ScheduleActionResult> recent = info.getRecentActions();
    ScheduleView.LastRun last = null;
    if (!recent.isEmpty() && recent.get(recent.size() - 1).getAction() instanceof ScheduleActionExecutionStartWorkflow run) {
      last = new ScheduleView.LastRun(recent.get(recent.size() - 1).getStartedAt(), run.getWorkflowId(),
          run.getFirstExecutionRunId(), status(run));
    }
    String note = d.getSchedule().getState().getNote();
    return new ScheduleView(name, ScheduleSync.declaration(d), d.getSchedule().getState().isPaused(), note == null ? "" : note,
        info.getNextActionTimes(), last, info.getNumActions(), info.getNumActionsSkippedOverlap());
  }

  private String status(ScheduleActionExecutionStartWorkflow run) {
    try {
      WorkflowExecutionStatus s = client.newUntypedWorkflowStub(run.getWorkflowId(), Optional.of(run.getFirstExecutionRunId()),
          Optional.empty()).describe().getStatus();
      return s.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    } catch (RuntimeException e) {
      // Past the namespace's retention Temporal no longer has the run; the catalog does.
      return "unknown";
    }
  }
}
