package dev.runbook.workflows.run;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Locale;

/** Turns Temporal failures into one line an operator can act on. */
public final class Failures {
  private Failures() {}

  /**
   * The meaningful message: the first activity or workflow error, timeout or cancellation in the
   * cause chain (past the wrappers that activity, child-workflow and client calls add), else the
   * failure's own message.
   */
  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return af.getOriginalMessage();
      }
      if (t instanceof TimeoutFailure tf) {
        String kind = tf.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").replace('_', '-').toLowerCase(Locale.ROOT);
        return "timed out (" + kind + ")";
      }
      if (t instanceof CanceledFailure) {
        return "cancelled";
      }
    }
    return failure.getMessage();
  }

  /** The stable type of the innermost {@link ApplicationFailure}, or null. */
  public static String type(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return af.getType();
      }
    }
    return null;
  }

  /** True when the failure was caused by a schedule-to-start timeout: nobody polled the queue. */
  public static boolean noPoller(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutFailure tf
          && tf.getTimeoutType() == io.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) {
        return true;
      }
    }
    return false;
  }
}
