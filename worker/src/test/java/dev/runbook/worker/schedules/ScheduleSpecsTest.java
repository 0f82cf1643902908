package dev.runbook.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.activities.config.ScheduledRunbook;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.TaskQueues;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A schedule entry as Temporal gets it: what every scheduled run carries. */
class ScheduleSpecsTest {
  @Test
  void aScheduledBackupSkipsOverlapAndStartsLikeTheCliButWithoutATriggerAttribute() {
    ScheduleConfig s = SchedulePlanTest.backup("nightly", "0 2 * * *", true, "new file server");
    Schedule schedule = ScheduleSpecs.schedule(s, ScheduledRunbook.BACKUP, ScheduleSpecs.declaredState(s));
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();

    assertThat(schedule.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.getSpec().getCronExpressions()).containsExactly("0 2 * * *");
    assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("UTC");
    assertThat(schedule.getState().isPaused()).isTrue();
    assertThat(schedule.getState().getNote()).isEqualTo("new file server");
    assertThat(action.getWorkflowType()).isEqualTo("Backup");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo(TaskQueues.CONTROL);
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("backup-prod-scheduled");
    // No run timeout on the server: the backup keeps its deadline itself, so its cleanup runs when it passes.
    assertThat(action.getOptions().getWorkflowExecutionTimeout()).isNull();
    assertThat(action.getOptions().getStaticSummary()).isEqualTo("backup of prod (schedule)");
    assertThat(action.getOptions().getStaticDetails()).contains("requested by: runbook-nightly");
    assertThat(action.getOptions().getTypedSearchAttributes().get(RunbookSearchAttributes.KIND)).isEqualTo("backup");
    assertThat(action.getOptions().getTypedSearchAttributes().get(RunbookSearchAttributes.INSTANCE)).isEqualTo("prod");
    // The run resolves `schedule` from TemporalScheduledById; a RunbookTrigger here would be a second, weaker claim.
    assertThat(action.getOptions().getTypedSearchAttributes().containsKey(RunbookSearchAttributes.TRIGGER)).isFalse();
    assertThat(action.getArguments().get(0, Map.class)).isEqualTo(Map.of("instance", "prod"));
  }

  @Test
  void aMirrorCheckOfEveryMirrorHasAnEmptyInput() {
    ScheduleConfig s = new ScheduleConfig("mirrors", "mirror-check", null, null, null, Duration.ofMinutes(15), null, null,
        null, null, null);
    assertThat(ScheduleSpecs.input(s, ScheduledRunbook.MIRROR_CHECK)).isEmpty();
    Schedule schedule = ScheduleSpecs.schedule(s, ScheduledRunbook.MIRROR_CHECK, ScheduleSpecs.declaredState(s));
    assertThat(schedule.getSpec().getIntervals()).hasSize(1);
    assertThat(((ScheduleActionStartWorkflow) schedule.getAction()).getOptions().getStaticSummary())
        .isEqualTo("mirror-check (schedule)");
  }
}
