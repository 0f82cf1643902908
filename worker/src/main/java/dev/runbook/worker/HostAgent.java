package dev.runbook.worker;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.host.HostActivitiesImpl;
import dev.runbook.workflows.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/** Registers the host activities of host {@code hostName} on its own queue, {@code runbook-host-<name>}. Wiring only. */
public final class HostAgent {
  private HostAgent() {}

  /** Adds the agent of {@code hostName} to {@code factory}; the caller starts and shuts down the factory. */
  public static void register(WorkerFactory factory, String hostName, ConfigSource config) {
    Worker worker = factory.newWorker(TaskQueues.host(hostName));
    worker.registerActivitiesImplementations(HostActivitiesImpl.agent(hostName, config));
  }
}
