package dev.runbook.activities.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.catalog.RestorePointRecord;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RPO and RTO achieved, from a restore's recorded steps. */
class EvidenceTest {
  private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");
  private final RunRecord run = new RunRecord("r", "restore-prod-1", "restore", "prod", "cli", "alice", "{}",
      RunStatus.SUCCEEDED, "ok", T0, T0.plusSeconds(600));
  private final RestorePointRecord point = new RestorePointRecord("prod-1", "prod", "b", RestorePointStatus.COMPLETE,
      T0.minusSeconds(3600), T0.minusSeconds(3500), null, null, null, null, null, null, null, List.of());

  private static StepView step(int seq, String name, int start, int end, StepOutcome outcome, String detail) {
    return new StepView(seq, name, null, T0.plusSeconds(start), T0.plusSeconds(end), outcome, detail);
  }

  @Test
  void downtimeRunsFromTheFirstStopToRunningAgain() {
    List<StepView> steps = List.of(step(1, "choose restore point latest", 1, 2, StepOutcome.OK, "prod-1 (2 artifacts)"),
        step(2, "stop services on node2", 11, 13, StepOutcome.OK, null),
        step(3, "stop services on node1", 10, 12, StepOutcome.OK, null),
        step(4, "wait until Bitbucket no longer answers RUNNING", 13, 20, StepOutcome.OK, null),
        step(5, "start services on node1", 100, 101, StepOutcome.OK, null),
        step(6, "wait for Bitbucket to answer RUNNING", 101, 130, StepOutcome.OK, null));
    assertThat(Evidence.restoredPoint(steps)).contains("prod-1");
    RunEvidence.Recovery r = Evidence.recovery(run, steps, Optional.of(point));
    assertThat(r.restorePointAgeMs()).isEqualTo(3_600_000L);
    assertThat(r.servicesStoppedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(r.runningAt()).isEqualTo(T0.plusSeconds(130));
    assertThat(r.downtimeMs()).isEqualTo(120_000L);
  }

  @Test
  void anUndoneRestoreCountsUntilTheUndoSawRunningAndAFailedWaitDoesNotCount() {
    List<StepView> steps = List.of(step(1, "stop services on node1", 10, 12, StepOutcome.OK, null),
        step(2, "restore database", 20, 30, StepOutcome.FAILED, "pg_restore failed"),
        step(3, "undo: wait for Bitbucket to answer RUNNING", 40, 70, StepOutcome.OK, null));
    assertThat(Evidence.recovery(run, steps, Optional.empty()).downtimeMs()).isEqualTo(60_000L);
    List<StepView> stuck = List.of(step(1, "stop services on node1", 10, 12, StepOutcome.OK, null),
        step(2, "wait for Bitbucket to answer RUNNING", 40, 70, StepOutcome.FAILED, "timed out"));
    RunEvidence.Recovery r = Evidence.recovery(run, stuck, Optional.empty());
    assertThat(r.runningAt()).isNull();
    assertThat(r.downtimeMs()).isNull();
    assertThat(r.restorePointAgeMs()).isNull();
    assertThat(Evidence.recovery(run, List.of(), Optional.of(point)).servicesStoppedAt()).isNull();
  }
}
