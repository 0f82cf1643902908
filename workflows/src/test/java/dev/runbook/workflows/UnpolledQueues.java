package dev.runbook.workflows;

import dev.runbook.workflows.host.HostQueueActivities;
import dev.runbook.workflows.host.HostQueueRequest;
import dev.runbook.workflows.host.HostQueueState;
import java.time.Duration;

/**
 * The control worker's answer for a host queue no worker polls, as Temporal gives it when an agent is not
 * running. Workflow tests whose hosts have no agent register it on the control queue, as the control worker
 * registers its own implementation: a run asks it when a host step is not picked up in time.
 */
public final class UnpolledQueues implements HostQueueActivities {
  @Override
  public HostQueueState describeHostQueue(HostQueueRequest request) {
    return new HostQueueState(request.taskQueue(), 0, -1, false,
        "Temporal lists no worker polling it (it lists one until 5 minutes after its last poll)", Duration.ofMinutes(3));
  }
}
