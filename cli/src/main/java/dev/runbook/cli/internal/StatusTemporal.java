package dev.runbook.cli.internal;

import dev.runbook.activities.audit.InstanceStatus;
import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.run.RunState;
import dev.runbook.worker.schedules.ScheduleView;
import dev.runbook.worker.schedules.ScheduleViews;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import java.util.Comparator;
import java.util.List;

/** What {@code runbook status} asks Temporal: runs waiting for approval, and the next starts of the schedules. */
public final class StatusTemporal {
  private final WorkflowClient client;
  private final List<ScheduleView> schedules;

  public StatusTemporal(WorkflowClient client, List<ScheduleConfig> declared) {
    this.client = client;
    this.schedules = new ScheduleViews(client).list(declared);
  }

  /** {@code s} with its open runs in {@code AWAITING_APPROVAL} and the next start of each active schedule naming it. */
  public InstanceStatus complete(InstanceStatus s) {
    String query = RunbookSearchAttributes.INSTANCE.getName() + " = '" + s.instance() + "' AND "
        + RunbookSearchAttributes.STATE.getName() + " = '" + RunState.AWAITING_APPROVAL.name() + "' AND ExecutionStatus = 'Running'";
    List<InstanceStatus.Run> awaiting = client.listExecutions(query).map(StatusTemporal::run).toList();
    List<InstanceStatus.ScheduledRun> next = schedules.stream()
        .filter(v -> s.instance().equals(v.declaration().get("instance")) && !v.paused() && !v.nextTimes().isEmpty())
        .map(v -> new InstanceStatus.ScheduledRun(v.name(), v.declaration().get("runbook"), v.nextTimes().get(0)))
        .sorted(Comparator.comparing(InstanceStatus.ScheduledRun::at)).toList();
    return s.withTemporal(awaiting, next);
  }

  private static InstanceStatus.Run run(WorkflowExecutionMetadata m) {
    String kind = m.getTypedSearchAttributes().get(RunbookSearchAttributes.KIND);
    return new InstanceStatus.Run(m.getExecution().getRunId(), m.getExecution().getWorkflowId(),
        kind == null ? m.getWorkflowType() : kind, RunState.AWAITING_APPROVAL.name(), m.getStartTime(), null, null);
  }
}
