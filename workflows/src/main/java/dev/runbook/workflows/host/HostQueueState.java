package dev.runbook.workflows.host;

import java.time.Duration;

/**
 * A host queue as Temporal described it to the control worker.
 *
 * @param taskQueue the queue
 * @param pollers workers Temporal lists on it (it drops a worker 5 minutes after its last poll)
 * @param lastPollSecondsAgo seconds since the newest poll of any of them, as seen from the control worker; -1 when none is listed
 * @param alive true when a worker polled the queue after the step was scheduled: it runs, and takes the steps
 *     queued before this one first
 * @param evidence one line of what Temporal said, for the step's record
 * @param busyWait how long in all a run waits for a busy host to take a step ({@code workers.control.busyHostWait});
 *     zero: it does not wait
 */
public record HostQueueState(String taskQueue, int pollers, long lastPollSecondsAgo, boolean alive, String evidence,
                             Duration busyWait) {}
