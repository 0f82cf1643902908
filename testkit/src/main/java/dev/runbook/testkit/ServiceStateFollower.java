package dev.runbook.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Plays a service as operator scripts drive it: a daemon thread reads a state file every 100 ms and acts
 * on each change to {@code stopped} or {@code running}. A missing or unreadable file means running.
 */
final class ServiceStateFollower {
  /** What to do on a change; may sleep (a service starting), which delays the next look. */
  @FunctionalInterface
  interface Action {
    void run() throws InterruptedException;
  }

  private ServiceStateFollower() {}

  /** Acts on the file's initial {@code stopped} at once, then follows its changes; returns the started thread. */
  static Thread follow(Path stateFile, Action onStopped, Action onRunning, String threadName) {
    String initial = read(stateFile);
    if (initial.equals("stopped")) {
      try {
        onStopped.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Thread follower = new Thread(() -> {
      // Only changes count: the service is already in its initial state.
      String last = initial;
      while (!Thread.currentThread().isInterrupted()) {
        try {
          String now = read(stateFile);
          if (!now.equals(last)) {
            last = now;
            if (now.equals("stopped")) {
              onStopped.run();
            } else if (now.equals("running")) {
              onRunning.run();
            }
          }
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // A half-written state file: read it again next time.
        }
      }
    }, threadName);
    follower.setDaemon(true);
    follower.start();
    return follower;
  }

  private static String read(Path stateFile) {
    try {
      return Files.exists(stateFile) ? Files.readString(stateFile).strip() : "running";
    } catch (IOException e) {
      return "running";
    }
  }
}
