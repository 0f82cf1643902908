package dev.runbook.worker;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.database.DatabaseActivitiesImpl;
import dev.runbook.activities.home.HomeActivitiesImpl;
import dev.runbook.activities.host.HostActivitiesImpl;
import dev.runbook.activities.host.HostContext;
import dev.runbook.workflows.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/** Registers the host activities of host {@code hostName} on its own queue, {@code runbook-host-<name>}. Wiring only. */
public final class HostAgent {
  private HostAgent() {}

  /** Adds the agent of {@code hostName} to {@code factory}; the caller starts and shuts down the factory. */
  public static void register(WorkerFactory factory, String hostName, ConfigSource config) {
    registerOn(factory.newWorker(TaskQueues.host(hostName)), HostContext.agent(hostName, config), new Secrets());
  }

  /** Registers every host activity of {@code host} on {@code worker}: services, home, database. */
  static void registerOn(Worker worker, HostContext host, Secrets secrets) {
    worker.registerActivitiesImplementations(new HostActivitiesImpl(host), new HomeActivitiesImpl(host),
        new DatabaseActivitiesImpl(host, secrets));
  }
}
