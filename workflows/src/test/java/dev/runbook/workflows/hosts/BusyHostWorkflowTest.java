package dev.runbook.workflows.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.runbook.workflows.RecordingCatalog;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.TestEnvironments;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostList;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.HostQueueActivities;
import dev.runbook.workflows.host.HostQueueRequest;
import dev.runbook.workflows.host.HostQueueState;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.internal.StartedBy;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host step not picked up within its schedule-to-start timeout: the run asks Temporal (through the control
 * worker's {@link HostQueueActivities}) whether the host's queue is polled, waits for a live but busy agent, and
 * fails at once, naming the queue, for a stopped one. In real time: the test server's time skipping would
 * race the agent that starts while the run waits.
 */
class BusyHostWorkflowTest {
  private static final HostView FILES = new HostView("files", HostMode.AGENT, TaskQueues.host("files"), List.of("home"));

  private TestWorkflowEnvironment env;
  private WorkerFactory agents;
  private final RecordingCatalog catalog = new RecordingCatalog();
  private final ConfigActivities config = mock(ConfigActivities.class, withSettings().withoutAnnotations());
  private final List<HostQueueRequest> asked = new CopyOnWriteArrayList<>();

  /** The control worker's answer about a host queue, as the test sets it. */
  private Function<HostQueueRequest, HostQueueState> temporalSays;

  /** Registered on the control queue as the control worker registers its implementation. */
  public class Describe implements HostQueueActivities {
    @Override
    public HostQueueState describeHostQueue(HostQueueRequest request) {
      asked.add(request);
      return temporalSays.apply(request);
    }
  }

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (var key : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    env.registerSearchAttribute(StartedBy.SCHEDULED_BY_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    var control = env.newWorker(TaskQueues.CONTROL);
    control.registerWorkflowImplementationTypes(HostsWorkflowImpl.class);
    control.registerActivitiesImplementations(catalog, config, new Describe());
    when(config.listHosts(any())).thenReturn(new HostList(List.of(FILES)));
  }

  @AfterEach
  void tearDown() {
    if (agents != null) {
      agents.shutdownNow();
    }
    env.close();
  }

  /** The agent of host files, started only now: until then nothing polls its queue. */
  private void startAgent() {
    HostActivities ping = mock(HostActivities.class, withSettings().withoutAnnotations());
    when(ping.ping(any())).thenReturn(new PingAnswer("files", "files.example", "runbook", 42, "0.1.0", "agent"));
    agents = WorkerFactory.newInstance(env.getWorkflowClient());
    agents.newWorker(TaskQueues.host("files")).registerActivitiesImplementations(ping);
    agents.start();
  }

  private HostsResult run() {
    return env.getWorkflowClient().newWorkflowStub(HostsWorkflow.class, TestEnvironments.startedByCli("hosts-test").build())
        .check(new HostsInput(Trigger.CLI, "alice"));
  }

  private static StepView ping(HostsResult r) {
    return r.steps().stream().filter(s -> s.name().equals("ping host files")).findFirst().orElseThrow();
  }

  @Test
  void anAgentThatIsAliveButBusyIsWaitedForAndTheStepSaysSo() {
    temporalSays = q -> {
      startAgent(); // its slot frees while the run waits
      return new HostQueueState(q.taskQueue(), 1, 2, true, "1 worker polling, newest poll 2 s ago", Duration.ofMinutes(3));
    };
    env.start();

    HostsResult r = run();

    assertThat(r.allAnswered()).as(r.checks().toString()).isTrue();
    assertThat(asked).singleElement().satisfies(q -> {
      assertThat(q.host()).isEqualTo("files");
      assertThat(q.taskQueue()).isEqualTo("runbook-host-files");
    });
    assertThat(ping(r).outcome()).isEqualTo(StepOutcome.OK);
    assertThat(ping(r).detail()).startsWith("agent 0.1.0 on files.example")
        .contains("the agent of host files was alive (1 worker polling, newest poll 2 s ago) but busy; it took the step ");
    assertThat(catalog.steps).extracting(s -> s.step().detail()).anyMatch(d -> d.contains("but busy; it took the step"));
  }

  @Test
  void aQueueNobodyPollsFailsAtOnceNamingTheQueue() {
    temporalSays = q -> new HostQueueState(q.taskQueue(), 0, -1, false,
        "Temporal lists no worker polling it (it lists one until 5 minutes after its last poll)", Duration.ofMinutes(3));
    env.start();

    HostsResult r = run();

    assertThat(r.allAnswered()).isFalse();
    assertThat(asked).hasSize(1);
    assertThat(r.checks()).singleElement().satisfies(c -> {
      assertThat(c.state()).isEqualTo(HostCheck.State.NO_ANSWER);
      assertThat(c.detail()).isEqualTo("no agent answered on runbook-host-files within 5 s (start `runbook agent --host files` there)");
    });
    assertThat(ping(r).outcome()).isEqualTo(StepOutcome.FAILED);
    assertThat(ping(r).detail()).isEqualTo("timed out (schedule-to-start): nothing took the step from runbook-host-files"
        + " within 5 s, and Temporal lists no worker polling it (it lists one until 5 minutes after its last poll):"
        + " is the agent of host files running?");
  }

  @Test
  void aBusyHostIsNotWaitedForBeyondTheConfiguredWait() {
    temporalSays = q -> new HostQueueState(q.taskQueue(), 1, 1, true, "1 worker polling, newest poll 1 s ago", Duration.ZERO);
    env.start();

    HostsResult r = run();

    assertThat(r.allAnswered()).isFalse();
    assertThat(asked).hasSize(1);
    assertThat(ping(r).detail()).startsWith("timed out (schedule-to-start): the agent of host files is alive"
        + " (1 worker polling, newest poll 1 s ago) but took no step from runbook-host-files in ")
        .endsWith("(workers.control.busyHostWait: 0 s)");
    assertThat(r.checks()).singleElement().satisfies(c -> assertThat(c.detail())
        .as("a live agent is not told to be started").isEqualTo(ping(r).detail()));
  }
}
