package dev.runbook.workflows.host;

import java.time.Instant;

/**
 * Input of {@link HostQueueActivities#describeHostQueue}.
 *
 * @param host the host's name, for messages
 * @param taskQueue its queue ({@code runbook-host-<name>})
 * @param queuedAt when the step that was not picked up was scheduled (workflow time)
 */
public record HostQueueRequest(String host, String taskQueue, Instant queuedAt) {}
