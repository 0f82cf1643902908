package dev.runbook.workflows;

/**
 * Names of the task queues workers poll. Workflows and control activities (Bitbucket REST, catalog,
 * configuration, notifications) run on {@link #CONTROL}; each host agent polls its own queue, so a
 * host step runs on that host and nowhere else.
 */
public final class TaskQueues {
  /** The control worker's queue: workflows and control activities. */
  public static final String CONTROL = "runbook-control";

  private static final String HOST_PREFIX = "runbook-host-";

  private TaskQueues() {}

  /** The queue the agent of host {@code hostName} polls, {@code runbook-host-<name>}. */
  public static String host(String hostName) {
    return HOST_PREFIX + hostName;
  }
}
