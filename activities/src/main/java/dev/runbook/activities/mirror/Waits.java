package dev.runbook.activities.mirror;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/** Pauses inside a polling activity: heartbeats what it waits for (a cancelled run ends here), then sleeps. */
final class Waits {
  private Waits() {}

  static void pause(Duration pause, String waitingFor) {
    Activity.getExecutionContext().heartbeat(waitingFor);
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while " + waitingFor, FailureTypes.BITBUCKET_UNREACHABLE);
    }
  }
}
