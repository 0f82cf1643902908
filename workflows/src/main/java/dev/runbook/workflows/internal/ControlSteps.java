package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
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
          .setDoNotRetry(FailureTypes.CONFIG_INVALID, FailureTypes.UNKNOWN_INSTANCE)
          .build())
      .build();

  private ControlSteps() {}

  /** A configuration stub with {@link #CONFIG}. */
  public static ConfigActivities config() {
    return Workflow.newActivityStub(ConfigActivities.class, CONFIG);
  }
}
