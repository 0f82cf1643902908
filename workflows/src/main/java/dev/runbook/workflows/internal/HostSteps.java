package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.host.HostActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Activity options of host steps, declared once, and stubs routed to a host's own queue. */
public final class HostSteps {
  /** How long a host's worker has to pick up a ping before the host counts as not answering. */
  public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

  /** A ping is the liveness question itself: one attempt; the start-to-close covers an SSH handshake. */
  public static final ActivityOptions PING = ActivityOptions.newBuilder()
      .setScheduleToStartTimeout(ANSWER_TIMEOUT)
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();

  /**
   * Service stop/start: up to 15 minutes, heartbeating, so a killed agent's step is retried (on the
   * agent's restart) after 10 s of silence. 30 s to be picked up: long enough for an agent restart,
   * short enough that a dead agent fails the step quickly.
   */
  public static final ActivityOptions SERVICES = ActivityOptions.newBuilder()
      .setScheduleToStartTimeout(Duration.ofSeconds(30))
      .setStartToCloseTimeout(Duration.ofMinutes(15))
      .setHeartbeatTimeout(Duration.ofSeconds(10))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2)
          .setMaximumAttempts(3)
          .setDoNotRetry(FailureTypes.WRONG_HOST, FailureTypes.HOST_KEY_REJECTED, FailureTypes.SSH_AUTH_FAILED,
              FailureTypes.UNKNOWN_INSTANCE, FailureTypes.CONFIG_INVALID)
          .build())
      .build();

  private HostSteps() {}

  /** A stub whose calls run on {@code host}'s queue with {@code options}. */
  public static HostActivities on(HostView host, ActivityOptions options) {
    return Workflow.newActivityStub(HostActivities.class,
        ActivityOptions.newBuilder(options).setTaskQueue(host.taskQueue()).build());
  }
}
