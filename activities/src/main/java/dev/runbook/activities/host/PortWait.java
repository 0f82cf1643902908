package dev.runbook.activities.host;

import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Waits until a TCP port of this machine's loopback address accepts connections. */
final class PortWait {
  /** How often the port is tried. */
  static final Duration PAUSE = Duration.ofMillis(500);

  private PortWait() {}

  /**
   * Tries {@code 127.0.0.1:port} until a connection is accepted, calling {@code heartbeat} between tries;
   * returns the milliseconds waited, or fails with {@link FailureTypes#PRECONDITION_FAILED} after {@code timeout}.
   */
  static long await(int port, Duration timeout, Runnable heartbeat, String what) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "nothing tried";
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return (System.nanoTime() - start) / 1_000_000;
      } catch (IOException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newNonRetryableFailure(what + " did not accept connections on 127.0.0.1:" + port
            + " within " + timeout.toSeconds() + " s (last: " + last + "); see its service's log",
            FailureTypes.PRECONDITION_FAILED);
      }
      heartbeat.run();
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted while waiting for " + what, FailureTypes.COMMAND_TIMED_OUT);
      }
    }
  }
}
