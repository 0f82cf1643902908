package dev.runbook.activities.host;

import java.time.Instant;
import java.util.List;

/** Asks Temporal who polls a host's activity queue; the worker asks the server ({@code DescribeTaskQueue}). */
@FunctionalInterface
public interface QueuePollers {
  /** What Temporal lists on {@code taskQueue}; throws when it cannot be asked. */
  Listing describe(String taskQueue);

  /**
   * A queue as Temporal lists it.
   *
   * @param lastPolls each listed worker's last poll (Temporal lists a worker until 5 minutes after its last poll)
   * @param dispatchRate tasks handed out per second lately, or null when the server does not report it
   */
  record Listing(List<Instant> lastPolls, Float dispatchRate) {}
}
