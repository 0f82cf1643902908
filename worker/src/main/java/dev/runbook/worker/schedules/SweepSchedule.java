package dev.runbook.worker.schedules;

import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import dev.runbook.workflows.sweep.SweepWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reconciler's own Temporal Schedule, {@value #ID}: a {@code Sweep} run every {@link #EVERY}, with
 * the input {@code {"repairsOnly":true}} (it repairs what ended runs left and thaws frozen homes, and is
 * recorded in the catalog only when there was something to do). The control
 * worker creates it when it starts and it does not exist; an existing one is left as it is, so an
 * operator's pause ({@code temporal schedule toggle --pause --schedule-id runbook.sweep}) holds. Its id
 * is outside {@code runbook-*}, so {@code runbook schedules apply} never touches it.
 */
public final class SweepSchedule {
  /** The schedule id. */
  public static final String ID = "runbook.sweep";
  /** How often it starts a sweep. */
  public static final Duration EVERY = Duration.ofMinutes(5);
  /** How long one scheduled sweep may run. */
  static final Duration RUN_TIMEOUT = Duration.ofHours(1);

  private SweepSchedule() {}

  /** Creates the schedule unless it exists; returns what it found or did, in one line. */
  public static String ensure(WorkflowClient client) {
    RunLabel label = new RunLabel(SweepWorkflow.KIND, null, Trigger.SCHEDULE);
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId(SweepWorkflow.KIND + "-scheduled")
        .setWorkflowExecutionTimeout(RUN_TIMEOUT)
        .setTypedSearchAttributes(SearchAttributes.newBuilder().set(RunbookSearchAttributes.KIND, SweepWorkflow.KIND).build())
        .setStaticSummary(label.summary())
        .setStaticDetails(label.details(ID))
        .build();
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder().setWorkflowType(SweepWorkflow.TYPE)
            .setArguments(Map.of("repairsOnly", true)).setOptions(options).build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(EVERY))).build())
        // SKIP: sweeps never overlap; a missed one is not made up, the next one does its work.
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .setCatchupWindow(Duration.ofMinutes(1)).build())
        .build();
    try {
      ScheduleSync.client(client).createSchedule(ID, schedule, ScheduleOptions.newBuilder().build());
      return "schedule " + ID + " created: a sweep every " + EVERY.toMinutes() + " min";
    } catch (ScheduleAlreadyRunningException e) {
      return "schedule " + ID + " exists (a sweep every " + EVERY.toMinutes() + " min unless changed or paused)";
    }
  }
}
