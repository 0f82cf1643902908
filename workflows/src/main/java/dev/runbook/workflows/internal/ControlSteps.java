package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.config.ConfigActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Activity options of control steps shared by every runbook, declared once. */
public final class ControlSteps {
  /** Reading the configuration: quick; an invalid file or unknown instance is final. */
  public static final ActivityOptions CONFIG = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder()
          .setMaximumAttempts(3)
          .setDoNotRetry(FailureTypes.CONFIG_INVALID, FailureTypes.UNKNOWN_INSTANCE, FailureTypes.UNKNOWN_MIRROR)
          .build())
      .build();

  /** Bitbucket REST calls: an unreachable Bitbucket is retried three times within about ten seconds. */
  public static final ActivityOptions BITBUCKET = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumAttempts(3)
          .setDoNotRetry(FailureTypes.BITBUCKET_AUTH, FailureTypes.BITBUCKET_PROTOCOL, FailureTypes.BITBUCKET_NOT_FOUND,
              FailureTypes.BITBUCKET_STATE, FailureTypes.SECRET_MISSING, FailureTypes.CONFIG_INVALID, FailureTypes.UNKNOWN_INSTANCE)
          .build())
      .build();

  /**
   * Taking Bitbucket's maintenance lock: three attempts, each with room for the client's calls (15 s
   * each). Safe to retry: the activity records each token as a heartbeat the moment Bitbucket gives it,
   * and a later attempt goes on with the lock an earlier one took (see {@code BitbucketActivities.lock}).
   * A worker that dies in the call is noticed after 45 s without a heartbeat. A refused lock is final.
   */
  public static final ActivityOptions LOCK = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setHeartbeatTimeout(Duration.ofSeconds(45))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setMaximumAttempts(3)
          .setDoNotRetry(FailureTypes.BITBUCKET_STATE, FailureTypes.BITBUCKET_AUTH, FailureTypes.BITBUCKET_PROTOCOL,
              FailureTypes.BITBUCKET_NOT_FOUND, FailureTypes.SECRET_MISSING, FailureTypes.CONFIG_INVALID, FailureTypes.UNKNOWN_INSTANCE)
          .build())
      .build();

  /**
   * Releasing Bitbucket's maintenance lock must hold: retried for about ten minutes before the run
   * gives up and says so.
   */
  public static final ActivityOptions UNLOCK = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(60))
          .setMaximumAttempts(15)
          .setDoNotRetry(FailureTypes.BITBUCKET_AUTH, FailureTypes.SECRET_MISSING, FailureTypes.CONFIG_INVALID)
          .build())
      .build();

  /** Waiting for Bitbucket to drain: the activity polls with a pause and enforces the drain timeout itself. */
  public static final ActivityOptions DRAIN = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(1))
      .setHeartbeatTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2)
          .setDoNotRetry(FailureTypes.BITBUCKET_STATE, FailureTypes.BITBUCKET_AUTH, FailureTypes.SECRET_MISSING).build())
      .build();

  /** Waiting for Bitbucket's /status: the activity polls and enforces its own timeout, as for the drain. */
  public static final ActivityOptions AWAIT_STATUS = DRAIN;

  /** Notifications: quick; the activity itself never fails on an undeliverable webhook. */
  public static final ActivityOptions NOTIFY = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
      .build();

  private ControlSteps() {}

  /** A catalog stub with the recorder's options; local activities in new runs ({@link ControlStub}). */
  public static dev.runbook.workflows.catalog.CatalogActivities catalog() {
    return ControlStub.of(dev.runbook.workflows.catalog.CatalogActivities.class, RunRecorder.CATALOG_OPTIONS);
  }

  /** A configuration stub with {@link #CONFIG}; local activities in new runs ({@link ControlStub}). */
  public static ConfigActivities config() {
    return ControlStub.of(ConfigActivities.class, CONFIG);
  }

  /**
   * A stub for Bitbucket's quick REST calls with {@link #BITBUCKET} (version, progress); local activities
   * in new runs ({@link ControlStub}). Not for calls that heartbeat (lock, drain, status waits).
   */
  public static BitbucketActivities bitbucket() {
    return ControlStub.of(BitbucketActivities.class, BITBUCKET);
  }
}
