package dev.runbook.workflows.mirror;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.MirrorRecoveryOptions;
import dev.runbook.workflows.config.ResolvedInstance.NodeView;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceResult;
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.notify.NotifyResult;
import dev.runbook.workflows.run.Trigger;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays a recovery recorded with an earlier build (staging deletion, stuck synchronization, restart):
 * a change that would break recoveries in flight fails here. To record anew after an intended,
 * versioned change: {@code mvn -pl workflows test -Dtest=MirrorRecoveryReplayTest -Drunbook.recordHistories=true}.
 */
class MirrorRecoveryReplayTest {
  static final String HISTORY = "histories/mirror-recovery-removed-stuck-restarted.json";

  @Test
  @Disabled("re-recorded on the real server after RunbookState was added")
  void replaysTheRecordedHistory() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, MirrorRecoveryWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "runbook.recordHistories", matches = "true")
  void recordHistory() throws Exception {
    try (TestWorkflowEnvironment env = TestEnvironments.withSearchAttributes()) {
      ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
      MirrorActivities mirrors = mock(MirrorActivities.class, withSettings().withoutAnnotations());
      NotifyActivities notify = mock(NotifyActivities.class, withSettings().withoutAnnotations());
      HostActivities m1 = mock(HostActivities.class, withSettings().withoutAnnotations());
      when(config.resolveMirror(any())).thenReturn(new ResolvedMirror("eu", "prod", "http://prod", "http://eu", null,
          List.of(new NodeView("m1", "m1")), List.of(new HostView("m1", HostMode.AGENT, TaskQueues.host("m1"),
          List.of("mirror node m1"))), null, false, new MirrorRecoveryOptions(false, Duration.ofHours(4),
          Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofMinutes(15), Duration.ofSeconds(10))));
      when(mirrors.inspect(any())).thenReturn(MirrorRecoveryWorkflowTest.look("REMOVED", 12),
          MirrorRecoveryWorkflowTest.look("INSTALLED", 4), MirrorRecoveryWorkflowTest.look("INSTALLED", 12));
      when(mirrors.removeStaleRecord(any())).thenReturn(new StaleRecordRemoval(true, MirrorRecoveryWorkflowTest.ID, "deleted"));
      when(mirrors.requestAuthorization(any())).thenReturn(new Reauthorization(7, true, "sent 7"));
      when(mirrors.acceptRequest(any())).thenReturn(new Acceptance(7, true, "accepted 7"));
      when(mirrors.awaitSynchronized(any())).thenReturn(MirrorRecoveryWorkflowTest.synced(false),
          MirrorRecoveryWorkflowTest.synced(true));
      when(notify.notify(any())).thenReturn(new NotifyResult(0, List.of()));
      when(m1.ping(any())).thenReturn(new PingAnswer("m1", "m1", "runbook", 1, "test", "agent"));
      when(m1.stopServices(any())).thenReturn(new ServiceResult("m1", "m1", ServiceAction.STOP,
          List.of(new ServiceResult.UnitState("atlbitbucket", "inactive")), "agent"));
      when(m1.startServices(any())).thenReturn(new ServiceResult("m1", "m1", ServiceAction.START,
          List.of(new ServiceResult.UnitState("atlbitbucket", "active")), "agent"));
      Worker control = env.newWorker(TaskQueues.CONTROL);
      control.registerWorkflowImplementationTypes(MirrorRecoveryWorkflowImpl.class);
      control.registerActivitiesImplementations(new RecordingCatalog(), config, mirrors, notify);
      env.newWorker(TaskQueues.host("m1")).registerActivitiesImplementations(m1);
      env.start();
      env.getWorkflowClient().newWorkflowStub(MirrorRecoveryWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL).setWorkflowId("recover-eu-recorded").build())
          .recover(new MirrorRecoveryInput("eu", Trigger.CLI, "alice"));
      String json = env.getWorkflowClient().fetchHistory("recover-eu-recorded").toJson(true);
      Path out = Path.of("src/test/resources", HISTORY);
      Files.createDirectories(out.getParent());
      Files.writeString(out, json);
    }
  }
}
