package dev.runbook.workflows.host;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What Temporal knows of a host's queue, asked by the control worker (never by the host): whether a
 * worker polls it. Workflows ask it when a host step was not picked up in time, to tell a busy agent
 * (wait for it) from a stopped one (fail now). Read-only; a local activity on the control worker.
 */
@ActivityInterface
public interface HostQueueActivities {
  /** The pollers Temporal lists on the host's activity queue, and whether one polled after the step was scheduled. */
  @ActivityMethod(name = "DescribeHostQueue")
  HostQueueState describeHostQueue(HostQueueRequest request);
}
