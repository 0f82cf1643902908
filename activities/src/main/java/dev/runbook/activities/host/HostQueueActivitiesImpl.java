package dev.runbook.activities.host;

import dev.runbook.workflows.host.HostQueueActivities;
import dev.runbook.workflows.host.HostQueueRequest;
import dev.runbook.workflows.host.HostQueueState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * Tells a busy host from a stopped one by what Temporal lists on its queue. A worker polls whenever it has a free
 * slot, and a poll waiting on the server takes a step the moment it is queued; so a step not picked up in time
 * means that no poll was waiting. If a worker polled after the step was queued, it is alive and took steps
 * queued before this one: the host is busy, and the run waits. If none did, the worker is stopped, or every one of
 * its slots has held a step since before this one was queued: Temporal cannot tell these apart (neither polls),
 * and the step fails as before, so a stopped agent is still reported within seconds.
 */
public final class HostQueueActivitiesImpl implements HostQueueActivities {
  private final QueuePollers pollers;
  private final Supplier<Duration> busyHostWait;
  private final Clock clock;

  /**
   * @param busyHostWait {@code workers.control.busyHostWait} as the configuration says now
   * @param clock the control worker's clock, for the age of a poll in messages
   */
  public HostQueueActivitiesImpl(QueuePollers pollers, Supplier<Duration> busyHostWait, Clock clock) {
    this.pollers = pollers;
    this.busyHostWait = busyHostWait;
    this.clock = clock;
  }

  @Override
  public HostQueueState describeHostQueue(HostQueueRequest request) {
    QueuePollers.Listing listing = pollers.describe(request.taskQueue());
    Duration wait = busyHostWait.get();
    Instant newest = listing.lastPolls().stream().max(Comparator.naturalOrder()).orElse(null);
    int count = listing.lastPolls().size();
    String rate = listing.dispatchRate() == null || listing.dispatchRate() <= 0 ? ""
        : String.format(java.util.Locale.ROOT, "; tasks handed out at %.1f/s", listing.dispatchRate());
    if (newest == null) {
      return new HostQueueState(request.taskQueue(), 0, -1, false,
          "Temporal lists no worker polling it (it lists one until 5 minutes after its last poll)" + rate, wait);
    }
    long age = Math.max(0, Duration.between(newest, clock.instant()).toSeconds());
    String workers = count + (count == 1 ? " worker" : " workers");
    if (!newest.isBefore(request.queuedAt())) {
      return new HostQueueState(request.taskQueue(), count, age, true,
          workers + " polling, newest poll " + age + " s ago, after the step was queued" + rate, wait);
    }
    return new HostQueueState(request.taskQueue(), count, age, false, "the newest poll of the " + workers
        + " Temporal lists on it was " + age + " s ago, before the step was queued (a stopped worker does not poll,"
        + " nor does one whose every slot is taken)" + rate, wait);
  }
}
