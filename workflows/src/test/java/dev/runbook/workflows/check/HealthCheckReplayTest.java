package dev.runbook.workflows.check;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays a history recorded with an earlier build: a change to the workflow that would break runs
 * in flight (non-determinism) fails here. To record anew after an intended, versioned change:
 * {@code mvn -pl workflows test -Dtest=HealthCheckReplayTest -Drunbook.recordHistories=true}.
 */
class HealthCheckReplayTest {
  static final String HISTORY = "histories/health-check-two-hosts-one-silent.json";

  @Test
  @Disabled("re-recorded on the real server after RunbookState was added")
  void replaysTheRecordedHistory() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, HealthCheckWorkflowImpl.class);
  }

  @Test
  @EnabledIfSystemProperty(named = "runbook.recordHistories", matches = "true")
  void recordHistory() throws Exception {
    try (TestWorkflowEnvironment env = TestEnvironments.withSearchAttributes()) {
      ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
      BitbucketActivities bitbucket = mock(BitbucketActivities.class, withSettings().withoutAnnotations());
      HostActivities ping = mock(HostActivities.class, withSettings().withoutAnnotations());
      when(config.resolveInstance(any())).thenReturn(new ResolvedInstance("prod", "http://bb", BackupMode.ZERO_DOWNTIME,
          List.of(new ResolvedInstance.NodeView("node1", "node1")),
          List.of(new HostView("node1", HostMode.AGENT, TaskQueues.host("node1"), List.of("node node1")),
              new HostView("files", HostMode.AGENT, TaskQueues.host("files"), List.of("home"))),
          "btrfs", "postgresql", 7, "files", "files", java.time.Duration.ofMinutes(10), null));
      when(bitbucket.status(any())).thenReturn(new BitbucketStatus("http://bb/status", 200, "RUNNING"));
      when(bitbucket.version(any())).thenReturn(new BitbucketVersion("8.19.4", "8019004", "Bitbucket"));
      when(ping.ping(any())).thenReturn(new PingAnswer("node1", "node1.example", "runbook", 42, "0.1.0", "agent"));
      Worker control = env.newWorker(TaskQueues.CONTROL);
      control.registerWorkflowImplementationTypes(HealthCheckWorkflowImpl.class);
      control.registerActivitiesImplementations(new RecordingCatalog(), config, bitbucket);
      env.newWorker(TaskQueues.host("node1")).registerActivitiesImplementations(ping);
      env.start();
      env.getWorkflowClient().newWorkflowStub(HealthCheckWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(TaskQueues.CONTROL).setWorkflowId("check-prod-recorded").build()).check(HealthCheckInput.of("prod"));
      String json = env.getWorkflowClient().fetchHistory("check-prod-recorded").toJson(true);
      Path out = Path.of("src/test/resources", HISTORY);
      Files.createDirectories(out.getParent());
      Files.writeString(out, json);
    }
  }
}
