package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Schedules from runbook.yaml on Temporal's real server: a backup every 2 s recorded with trigger
 * schedule, overlap skipped while a backup is slow, pause, trigger, update and delete by apply, and
 * schedules runbook does not own left alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulesEndToEndTest {
  static final String OFTEN = "schedules:\n  - {name: often, runbook: backup, instance: prod, every: 2s}\n";
  static CommandHomeScenario scenario;
  static ScheduleClient schedules;

  @BeforeAll
  static void start() throws Exception {
    scenario = CommandHomeScenario.start(OFTEN);
    schedules = ScheduleClient.newInstance(scenario.stack().client().getWorkflowServiceStubs(), ScheduleClientOptions
        .newBuilder().setNamespace(scenario.stack().client().getOptions().getNamespace()).build());
    // Two schedules made by hand: one with runbook's id prefix but not its mark, one without either.
    for (String id : List.of("runbook-foreign", "nightly-by-hand")) {
      schedules.createSchedule(id, Schedule.newBuilder()
          .setAction(ScheduleActionStartWorkflow.newBuilder().setWorkflowType("Hosts").setArguments(Map.of())
              .setOptions(WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(TaskQueues.CONTROL).build()).build())
          .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofHours(1)))).build())
          .setState(ScheduleState.newBuilder().setPaused(true).build()).build(), ScheduleOptions.newBuilder().build());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (scenario != null) {
      scenario.close();
    }
  }

  static void await(String what, Duration limit, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.call()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  static ScheduleInfo info(String id) {
    return schedules.getHandle(id).describe().getInfo();
  }

  @Test
  @Order(1)
  void applyCreatesTheScheduleAndItsBackupsRecordTriggerSchedule() throws Exception {
    Cli dry = scenario.runbook("schedules", "apply", "--dry-run");
    assertThat(dry.exit()).as(dry.all()).isZero();
    assertThat(dry.out()).contains("+ often: runbook backup, instance prod, every PT2S", "(dry run: nothing changed)");
    assertThat(scenario.runbook("schedules", "list").out()).contains("no schedules of runbook's");

    Cli apply = scenario.runbook("schedules", "apply");
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out()).contains("+ often:").doesNotContain("foreign", "by-hand");

    await("a scheduled backup succeeded", Duration.ofSeconds(60),
        () -> scenario.backups().stream().anyMatch(r -> r.status() == RunStatus.SUCCEEDED));
    RunRecord run = scenario.backups().stream().filter(r -> r.status() == RunStatus.SUCCEEDED).findFirst().orElseThrow();
    assertThat(run.trigger()).isEqualTo("schedule");
    assertThat(run.requestedBy()).isEqualTo("schedule runbook-often");
    assertThat(run.workflowId()).startsWith("backup-prod-scheduled-");
    var description = scenario.stack().client().newUntypedWorkflowStub(run.workflowId()).describe();
    assertThat(description.getStaticSummary()).isEqualTo("backup of prod (schedule)");

    Cli again = scenario.runbook("schedules", "apply");
    assertThat(again.out()).contains("= often");
  }

  @Test
  @Order(2)
  void aSlowBackupMakesTheNextStartsSkipInsteadOfOverlapping() throws Exception {
    scenario.slow(5);
    await("a slow backup started", Duration.ofSeconds(30), () -> java.nio.file.Files.exists(scenario.dir.resolve("slow-started")));
    long skippedBefore = info("runbook-often").getNumActionsSkippedOverlap();
    await("starts skipped", Duration.ofSeconds(20), () -> info("runbook-often").getNumActionsSkippedOverlap() >= skippedBefore + 1);
    assertThat(info("runbook-often").getRunningActions()).hasSizeLessThanOrEqualTo(1);
    scenario.slow(0);
    // Skipped, not started and refused by the lease: no scheduled backup failed on a busy instance.
    assertThat(scenario.backups()).noneMatch(r -> r.status() == RunStatus.FAILED);
    assertThat(scenario.runbook("schedules", "list").out()).containsPattern("often\\s+backup of prod\\s+every 2s\\s+active");
  }

  @Test
  @Order(3)
  void pauseStopsNewRunsAndListShowsItsNoteThenTriggerStartsOneNow() throws Exception {
    Cli pause = scenario.runbook("schedules", "pause", "often", "--note", "file server maintenance");
    assertThat(pause.exit()).as(pause.all()).isZero();
    await("the running backup ended", Duration.ofSeconds(30), () -> info("runbook-often").getRunningActions().isEmpty());
    Instant paused = Instant.now();
    Thread.sleep(4500);
    assertThat(scenario.backups()).noneMatch(r -> r.startedAt().isAfter(paused));
    Cli list = scenario.runbook("schedules", "list");
    assertThat(list.out()).containsPattern("often\\s+backup of prod\\s+every 2s\\s+paused").contains("often: file server maintenance (");

    Cli trigger = scenario.runbook("schedules", "trigger", "often");
    assertThat(trigger.exit()).as(trigger.all()).isZero();
    await("the triggered backup ran", Duration.ofSeconds(30), () -> scenario.backups().stream()
        .anyMatch(r -> r.startedAt().isAfter(paused) && r.status() == RunStatus.SUCCEEDED && r.trigger().equals("schedule")));
    assertThat(scenario.runbook("schedules", "pause", "nope", "--note", "x").exit()).isEqualTo(2);
  }

  @Test
  @Order(4)
  void applyUpdatesAChangedScheduleKeepsItsPauseAndDeletesARemovedOne() throws Exception {
    scenario.write("schedules:\n  - {name: often, runbook: backup, instance: prod, every: 1h}\n"
        + "  - {name: nightly, runbook: check, instance: prod, cron: '0 2 * * *', timeZone: Europe/Berlin}\n");
    Cli update = scenario.runbook("schedules", "apply");
    assertThat(update.exit()).as(update.all()).isZero();
    assertThat(update.out()).contains("~ often: every PT2S -> PT1H", "+ nightly:");
    assertThat(schedules.getHandle("runbook-often").describe().getSchedule().getState().isPaused()).isTrue();

    scenario.write("schedules:\n  - {name: foreign, runbook: hosts, every: 1h}\n");
    Cli conflict = scenario.runbook("schedules", "apply");
    assertThat(conflict.exit()).as(conflict.all()).isEqualTo(3);
    assertThat(conflict.out()).contains("! foreign: schedule runbook-foreign exists and is not runbook's");

    scenario.write("");
    Cli delete = scenario.runbook("schedules", "apply");
    assertThat(delete.exit()).as(delete.all()).isZero();
    assertThat(delete.out()).contains("- often: not in the file", "- nightly: not in the file").doesNotContain("foreign");
    assertThat(schedules.listSchedules().map(s -> s.getScheduleId()).toList()).doesNotContain("runbook-often");
    assertThat(schedules.getHandle("runbook-foreign").describe().getId()).isEqualTo("runbook-foreign");
    assertThat(schedules.getHandle("nightly-by-hand").describe().getId()).isEqualTo("nightly-by-hand");
  }

  @Test
  @Order(5)
  void aBadCronIsExitTwoWithPathAndLine() throws Exception {
    scenario.write("schedules:\n  - {name: bad, runbook: backup, instance: prod, cron: '0 2 * *'}\n");
    Cli r = scenario.runbook("schedules", "apply");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("schedules[0].cron: not a 5-field cron expression").containsPattern("\\(line \\d+\\)");
    scenario.write("");
  }

  @Test
  @Order(6)
  void upAppliesTheFilesSchedulesAtStartPrintingOneLinePerChange() throws Exception {
    scenario.write("schedules:\n  - {name: from-up, runbook: hosts, every: 1h, paused: true, note: tried by the test}\n");
    try (Background up = Background.start("ready;", "up", "-c", scenario.config.toString(),
        "--temporal-target", scenario.stack().target().target())) {
      assertThat(up.out()).contains("  schedules: 1 in the file", "    + from-up: runbook hosts, every PT1H");
      assertThat(up.stop()).isZero();
    }
    assertThat(schedules.getHandle("runbook-from-up").describe().getSchedule().getState().isPaused()).isTrue();
    scenario.write("");
    assertThat(scenario.runbook("schedules", "apply").out()).contains("- from-up");
  }
}
