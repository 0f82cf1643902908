package dev.runbook.workflows.mirror;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Activity options of the mirror runbooks' REST steps, declared once. */
public final class MirrorSteps {
  private static final String[] FINAL = {FailureTypes.BITBUCKET_AUTH, FailureTypes.BITBUCKET_PROTOCOL,
      FailureTypes.BITBUCKET_NOT_FOUND, FailureTypes.SECRET_MISSING, FailureTypes.CONFIG_INVALID, FailureTypes.UNKNOWN_MIRROR,
      FailureTypes.UNKNOWN_INSTANCE, FailureTypes.MIRROR_STATE, FailureTypes.MIRROR_MISMATCH, FailureTypes.MIRROR_HEALTHY};

  /** Looks and single changes: an unreachable Bitbucket is tried five times, 1, 2, 4 and 8 s apart. */
  public static final ActivityOptions REST = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumAttempts(5)
          .setDoNotRetry(FINAL)
          .build())
      .build();

  /**
   * The reconnect call and the wait for its request on the primary (up to 30 s), tried three times. The
   * heartbeat allows for the looks before the call (a few REST calls of up to 15 s each); a retry looks
   * again and uses the request the first attempt made the mirror send.
   */
  public static final ActivityOptions REAUTHORIZE = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(3))
      .setHeartbeatTimeout(Duration.ofSeconds(90))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(5))
          .setMaximumAttempts(3)
          .setDoNotRetry(FINAL)
          .build())
      .build();

  /**
   * The wait for INSTALLED and synchronization. The activity enforces the configured timeouts itself and
   * heartbeats every poll; {@link #awaitOptions} sets the overall limit from them.
   */
  public static final ActivityOptions AWAIT = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(2))
      .setHeartbeatTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).setDoNotRetry(FINAL).build())
      .build();

  private MirrorSteps() {}

  /** A stub for the wait on one node after its restart: its timeout plus two minutes, heartbeating every poll. */
  public static MirrorActivities nodeWait(NodeWaitCall call) {
    return Workflow.newActivityStub(MirrorActivities.class, ActivityOptions.newBuilder(AWAIT)
        .setStartToCloseTimeout(call.timeout().plus(call.pollInterval()).plusMinutes(2))
        .setHeartbeatTimeout(heartbeat(call.pollInterval()))
        .build());
  }

  /** Three polls, and at least a minute: a poll may be one pause plus a few REST calls. */
  private static Duration heartbeat(Duration pollInterval) {
    Duration three = pollInterval.multipliedBy(3);
    return three.compareTo(Duration.ofMinutes(1)) > 0 ? three : Duration.ofMinutes(1);
  }

  /** A stub for looks and single changes. */
  public static MirrorActivities rest() {
    return Workflow.newActivityStub(MirrorActivities.class, REST);
  }

  /** A stub for the reconnect call. */
  public static MirrorActivities reauthorize() {
    return Workflow.newActivityStub(MirrorActivities.class, REAUTHORIZE);
  }

  /**
   * A stub for the wait: allowed the configured timeouts plus two polls and three minutes for the looks
   * (each REST call may take 15 s), so the activity's own timeouts always answer first; heartbeating at
   * least every three polls.
   */
  public static MirrorActivities await(SyncWaitCall call) {
    return Workflow.newActivityStub(MirrorActivities.class, ActivityOptions.newBuilder(AWAIT)
        .setStartToCloseTimeout(call.installTimeout().plus(call.syncTimeout()).plus(call.pollInterval().multipliedBy(2))
            .plusMinutes(3))
        .setHeartbeatTimeout(heartbeat(call.pollInterval()))
        .build());
  }
}
