package dev.runbook.workflows.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.catalog.RunSummary;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.MirrorRecoveryOptions;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MirrorHealthWorkflowTest {
  private TestWorkflowEnvironment env;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final MirrorActivities mirrors = mock(MirrorActivities.class, withSettings().withoutAnnotations());

  @BeforeEach
  void setUp() {
    env = TestEnvironments.withSearchAttributes();
    // No recovery implementation is registered: a recovery started by mistake would never be picked up.
    var control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(MirrorHealthWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, mirrors);
    when(config.resolveMirror(any())).thenReturn(new ResolvedMirror("eu", "prod", "http://prod", "http://eu", null,
        List.of(), List.of(), null, true, new MirrorRecoveryOptions(true, Duration.ofHours(4), Duration.ofMinutes(10),
            Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofSeconds(10))));
    when(mirrors.inspect(any())).thenReturn(MirrorRecoveryWorkflowTest.look("REMOVED", 12));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private MirrorHealthResult check() {
    return env.getWorkflowClient().newWorkflowStub(MirrorHealthWorkflow.class,
        TestEnvironments.startedBySchedule("check-eu", "mirror-check").build())
        .check(new MirrorHealthInput("eu", Trigger.SCHEDULE, "schedule"));
  }

  @Test
  void afterAFailedAutomaticRecoveryAPersonDecidesTheNextOne() {
    catalog.lastRuns.put("eu/" + MirrorRecoveryWorkflow.KIND, new RunSummary("r1", "mirror-recovery-eu-auto",
        MirrorHealthWorkflowImpl.AUTO_RECOVER, RunStatus.FAILED, "rejected by bob: staging first", Instant.EPOCH));
    MirrorHealthResult r = check();
    assertThat(r.healthy()).isFalse();
    assertThat(r.mirrors()).singleElement().satisfies(m -> {
      assertThat(m.diagnosis().condition()).isEqualTo(MirrorCondition.REMOVED);
      assertThat(m.recovery()).startsWith("held: the last automatic recovery mirror-recovery-eu-auto ended FAILED "
          + "(rejected by bob: staging first); recover by hand: runbook mirror recover --mirror eu");
    });
    assertThat(env.getWorkflowClient().getWorkflowServiceStubs().blockingStub().listOpenWorkflowExecutions(
        io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest.newBuilder()
            .setNamespace(env.getNamespace()).build()).getExecutionsList()).isEmpty();
  }

  @Test
  void aRecoveryByHandSinceThenLetsTheCheckStartOneAgain() {
    catalog.lastRuns.put("eu/" + MirrorRecoveryWorkflow.KIND, new RunSummary("r2", "mirror-recovery-eu-2026",
        "alice", RunStatus.SUCCEEDED, "mirror eu recovered", Instant.EPOCH));
    MirrorHealthResult r = check();
    assertThat(r.mirrors()).singleElement().satisfies(m -> assertThat(m.recovery())
        .startsWith("started mirror-recovery-eu-auto; it waits for approval"));
    // The started recovery says in the Temporal UI what it is and what started it.
    var started = env.getWorkflowClient().newUntypedWorkflowStub("mirror-recovery-eu-auto").describe();
    assertThat(started.getStaticSummary()).isEqualTo("mirror-recovery of eu (schedule)");
    assertThat(started.getStaticDetails()).contains("requested by: " + MirrorHealthWorkflowImpl.AUTO_RECOVER);
  }
}
