package dev.runbook.activities.mirror;

import io.temporal.activity.Activity;
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
      // The worker is shutting down: a retry on another worker continues the wait.
      throw Activity.wrap(e);
    }
  }
}
