package dev.runbook.worker;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.database.DatabaseActivitiesImpl;
import dev.runbook.activities.home.FreezeMarkers;
import dev.runbook.activities.home.HomeActivitiesImpl;
import dev.runbook.activities.host.HostActivitiesImpl;
import dev.runbook.activities.host.HostContext;
import dev.runbook.workflows.TaskQueues;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the host activities of host {@code hostName} on its own queue, {@code runbook-host-<name>}. Wiring only. */
public final class HostAgent {
  private static final Logger log = LoggerFactory.getLogger(HostAgent.class);

  private HostAgent() {}

  /**
   * Adds the agent of {@code hostName} to {@code factory}; the caller starts and shuts down the factory.
   * First thaws what an earlier process of this agent left frozen ({@link FreezeMarkers#thawLeftovers}).
   *
   * @return what was thawed, or a warning that it could not be, one line each (logged too)
   */
  public static List<String> register(WorkerFactory factory, String hostName, ConfigSource config) {
    HostContext host = HostContext.agent(hostName, config);
    List<String> thawed = FreezeMarkers.thawLeftovers(host);
    thawed.forEach(line -> log.warn("host {}: {}", hostName, line));
    registerOn(factory.newWorker(TaskQueues.host(hostName), WorkerTuning.agent(config.current().workers())), host,
        new Secrets());
    return thawed;
  }

  /** Registers every host activity of {@code host} on {@code worker}: services, home, database. */
  static void registerOn(Worker worker, HostContext host, Secrets secrets) {
    worker.registerActivitiesImplementations(new HostActivitiesImpl(host), new HomeActivitiesImpl(host),
        new DatabaseActivitiesImpl(host, secrets));
  }
}
