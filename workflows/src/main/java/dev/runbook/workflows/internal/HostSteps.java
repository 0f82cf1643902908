package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.host.HostActivities;
import io.temporal.activity.ActivityCancellationType;
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
   * short enough that a dead agent fails the step quickly. A cancelled run waits for the stop or
   * start script to end before its undo starts the services again.
   */
  public static final ActivityOptions SERVICES = ActivityOptions.newBuilder()
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
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

  private static final String[] FINAL = {FailureTypes.WRONG_HOST, FailureTypes.HOST_KEY_REJECTED,
      FailureTypes.SSH_AUTH_FAILED, FailureTypes.UNKNOWN_INSTANCE, FailureTypes.CONFIG_INVALID,
      FailureTypes.INVALID_INPUT, FailureTypes.PRECONDITION_FAILED, FailureTypes.FREEZE_EXCEEDED,
      FailureTypes.SECRET_MISSING, FailureTypes.NOT_IMPLEMENTED, FailureTypes.AWS_REFUSED};

  /** A provider's check: quick, changes nothing. */
  public static final ActivityOptions CHECK = ActivityOptions.newBuilder()
      .setScheduleToStartTimeout(Duration.ofSeconds(10))
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).setDoNotRetry(FINAL).build())
      .build();

  /**
   * The home snapshot: freeze and snapshot in one step, heartbeating while commands run and while a
   * cloud snapshot completes after the thaw (a first EBS snapshot of a large volume takes hours; the
   * freeze itself is bounded by the provider's maxFreeze watchdog). A second attempt starts by
   * deleting the first one's leftovers. A freeze that overran is final.
   */
  public static final ActivityOptions SNAPSHOT = ActivityOptions.newBuilder()
      // On cancellation, wait until the step has stopped (and thawed) before anything is undone.
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .setScheduleToStartTimeout(Duration.ofSeconds(30))
      .setStartToCloseTimeout(Duration.ofHours(12))
      .setHeartbeatTimeout(Duration.ofSeconds(15))
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2)).setMaximumAttempts(2)
          .setDoNotRetry(FINAL).build())
      .build();

  /**
   * The database dump: up to 12 hours for big databases, heartbeating every 30 s at least; waits for
   * a cancellation to finish; two attempts.
   */
  public static final ActivityOptions DUMP = ActivityOptions.newBuilder()
      .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
      .setScheduleToStartTimeout(Duration.ofSeconds(30))
      .setStartToCloseTimeout(Duration.ofHours(12))
      .setHeartbeatTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(5)).setMaximumAttempts(2)
          .setDoNotRetry(FINAL).build())
      .build();

  /** Restoring the home or the database: the same bounds as {@link #DUMP}, for the same sizes. */
  public static final ActivityOptions RESTORE = DUMP;

  /** Deleting artifacts (undo and retention): idempotent, so retried generously. */
  public static final ActivityOptions DELETE = ActivityOptions.newBuilder()
      .setScheduleToStartTimeout(Duration.ofSeconds(30))
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setHeartbeatTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2)).setBackoffCoefficient(2)
          .setMaximumAttempts(5).setDoNotRetry(FINAL).build())
      .build();

  private HostSteps() {}

  /**
   * A stub of {@code type} whose calls run on {@code host}'s queue with {@code options}. A call that is not
   * picked up within the options' schedule-to-start timeout waits longer when Temporal says the host's
   * worker is alive but busy, and fails at once, naming the host and its queue, when none polls it
   * ({@link BusyHosts}).
   */
  public static <T> T on(Class<T> type, HostView host, ActivityOptions options) {
    ActivityOptions routed = ActivityOptions.newBuilder(options).setTaskQueue(host.taskQueue()).build();
    return BusyHosts.guard(type, Workflow.newActivityStub(type, routed), host, routed);
  }

  /** A host-activities stub whose calls run on {@code host}'s queue with {@code options}. */
  public static HostActivities on(HostView host, ActivityOptions options) {
    return on(HostActivities.class, host, options);
  }
}
