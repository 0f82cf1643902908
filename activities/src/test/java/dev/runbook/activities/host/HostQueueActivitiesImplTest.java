package dev.runbook.activities.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.workflows.host.HostQueueRequest;
import dev.runbook.workflows.host.HostQueueState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A busy host told from a stopped one by what Temporal lists on its queue, against the time the step was queued. */
class HostQueueActivitiesImplTest {
  private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
  private static final Instant QUEUED = NOW.minusSeconds(5);

  private static HostQueueState describe(QueuePollers.Listing listing) {
    return new HostQueueActivitiesImpl(q -> listing, () -> Duration.ofMinutes(3), Clock.fixed(NOW, ZoneOffset.UTC))
        .describeHostQueue(new HostQueueRequest("files", "runbook-host-files", QUEUED));
  }

  @Test
  void aWorkerThatPolledAfterTheStepWasQueuedIsAliveAndBusy() {
    HostQueueState s = describe(new QueuePollers.Listing(List.of(NOW.minusSeconds(40), NOW.minusSeconds(1)), 2.5f));

    assertThat(s.alive()).isTrue();
    assertThat(s.pollers()).isEqualTo(2);
    assertThat(s.lastPollSecondsAgo()).isEqualTo(1);
    assertThat(s.evidence()).isEqualTo("2 workers polling, newest poll 1 s ago, after the step was queued; tasks handed out at 2.5/s");
    assertThat(s.busyWait()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void aWorkerWhoseLastPollIsOlderThanTheStepIsNotCountedAlive() {
    HostQueueState s = describe(new QueuePollers.Listing(List.of(NOW.minusSeconds(20)), null));

    assertThat(s.alive()).isFalse();
    assertThat(s.evidence()).startsWith("the newest poll of the 1 worker Temporal lists on it was 20 s ago, before the step was queued");
  }

  @Test
  void aQueueNobodyPollsIsNotAlive() {
    HostQueueState s = describe(new QueuePollers.Listing(List.of(), 0f));

    assertThat(s.alive()).isFalse();
    assertThat(s.pollers()).isZero();
    assertThat(s.evidence()).startsWith("Temporal lists no worker polling it");
  }
}
