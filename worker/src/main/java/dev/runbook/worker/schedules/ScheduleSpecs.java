package dev.runbook.worker.schedules;

import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.activities.config.ScheduledRunbook;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@code schedules:} entry becomes a Temporal Schedule, and how runbook recognises the schedules it
 * owns: the id {@code runbook-<name>} and the schedule memo {@value #OWNER_MEMO} = {@code runbook}. A
 * schedule with only one of the two marks is never changed or deleted.
 */
public final class ScheduleSpecs {
  /** The prefix of every schedule id runbook creates. */
  public static final String ID_PREFIX = "runbook-";
  /** The schedule memo that marks a schedule as runbook's; set at creation, never changed. */
  public static final String OWNER_MEMO = "runbookOwner";
  /**
   * The memo of the runs a schedule starts: the declaration it was applied from. Temporal compiles a cron
   * expression into calendar fields, so the declaration is kept here to compare the file with, field by field.
   */
  public static final String DECLARATION_MEMO = "runbookSchedule";

  /** The declared run timeout of runbooks that keep their own deadline: none on the server. */
  static final String KEPT_BY_THE_RUN = "kept-by-the-run";

  private ScheduleSpecs() {}

  /** The schedule id of the entry called {@code name}. */
  public static String id(String name) {
    return ID_PREFIX + name;
  }

  /** The entry's declared settings, in a fixed order, as the diff compares and prints them. */
  public static Map<String, String> declaration(ScheduleConfig s) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("runbook", s.runbook());
    d.put("instance", s.instance());
    d.put("mirror", s.mirror());
    d.put("cron", s.cron());
    d.put("every", s.every() == null ? null : s.every().toString());
    d.put("timeZone", s.timeZone());
    d.put("jitter", s.jitter().toString());
    d.put("catchupWindow", s.catchupWindow().toString());
    d.put("paused", String.valueOf(s.paused()));
    d.put("note", s.note());
    // Part of the declaration so that schedules applied when backups had a 24 h server timeout are
    // updated by the next apply: a server timeout ends a run without its cleanup.
    d.put("runTimeout", ScheduledRunbook.of(s.runbook()).map(r -> r.runTimeout() == null ? KEPT_BY_THE_RUN
        : r.runTimeout().toString()).orElse(null));
    d.values().removeIf(java.util.Objects::isNull);
    return d;
  }

  /** The options a schedule is created with: the owner mark. */
  public static ScheduleOptions createOptions() {
    return ScheduleOptions.newBuilder().setMemo(Map.of(OWNER_MEMO, "runbook")).build();
  }

  /** The schedule for entry {@code s} of a runbook that can be scheduled, in state {@code state}. */
  public static Schedule schedule(ScheduleConfig s, ScheduledRunbook runbook, ScheduleState state) {
    return Schedule.newBuilder().setAction(action(s, runbook)).setSpec(spec(s)).setPolicy(policy(s)).setState(state).build();
  }

  /** The state a new schedule starts in: the file's {@code paused} and {@code note}. */
  public static ScheduleState declaredState(ScheduleConfig s) {
    return ScheduleState.newBuilder().setPaused(s.paused()).setNote(s.note() == null ? "" : s.note()).build();
  }

  private static ScheduleActionStartWorkflow action(ScheduleConfig s, ScheduledRunbook runbook) {
    // The run's trigger comes from TemporalScheduledById, which Temporal sets; RunbookTrigger stays unset.
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder().set(RunbookSearchAttributes.KIND, runbook.kind());
    if (s.subject() != null) {
      attributes.set(RunbookSearchAttributes.INSTANCE, s.subject());
    }
    RunLabel label = new RunLabel(runbook.kind(), s.subject(), Trigger.SCHEDULE);
    WorkflowOptions.Builder builder = WorkflowOptions.newBuilder();
    if (runbook.runTimeout() != null) {
      builder.setWorkflowExecutionTimeout(runbook.runTimeout());
    }
    WorkflowOptions options = builder
        .setTaskQueue(TaskQueues.CONTROL)
        // Temporal appends the scheduled time: backup-prod-scheduled-2026-12-01T02:00:00Z.
        .setWorkflowId(runbook.kind() + (s.subject() == null ? "" : "-" + s.subject()) + "-scheduled")
        .setTypedSearchAttributes(attributes.build())
        .setStaticSummary(label.summary())
        .setStaticDetails(label.details(id(s.name())))
        .setMemo(Map.of(DECLARATION_MEMO, declaration(s)))
        .build();
    return ScheduleActionStartWorkflow.newBuilder().setWorkflowType(runbook.workflowType())
        .setArguments(input(s, runbook)).setOptions(options).build();
  }

  /** The run's one-object input, as an operator would type it: {@code {"instance":"prod"}}. */
  static Map<String, String> input(ScheduleConfig s, ScheduledRunbook runbook) {
    return switch (runbook.subject()) {
      case INSTANCE -> Map.of("instance", s.instance());
      case MIRROR -> s.mirror() == null ? Map.of() : Map.of("mirror", s.mirror());
      case NONE -> Map.of();
    };
  }

  private static ScheduleSpec spec(ScheduleConfig s) {
    ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setTimeZoneName(s.timeZone()).setJitter(s.jitter());
    if (s.cron() != null) {
      spec.setCronExpressions(List.of(s.cron().trim()));
    } else {
      spec.setIntervals(List.of(new ScheduleIntervalSpec(s.every())));
    }
    return spec.build();
  }

  private static SchedulePolicy policy(ScheduleConfig s) {
    // SKIP: a schedule never overlaps itself; the instance lease keeps it from overlapping other runs.
    return SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
        .setCatchupWindow(s.catchupWindow()).build();
  }
}
