package dev.runbook.worker;

import dev.runbook.activities.bitbucket.BitbucketActivitiesImpl;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogActivitiesImpl;
import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.HostConfig;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.metrics.RunMetrics;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WorkersConfig;
import dev.runbook.activities.host.HostContext;
import dev.runbook.activities.host.HostQueueActivitiesImpl;
import dev.runbook.activities.mirror.MirrorActivitiesImpl;
import dev.runbook.activities.notify.NotifyActivitiesImpl;
import dev.runbook.activities.sweep.SweepActivitiesImpl;
import dev.runbook.workflows.Runbooks;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.worker.internal.TemporalLiveness;
import dev.runbook.worker.metrics.MetricsEndpoint;
import dev.runbook.worker.internal.TemporalQueuePollers;
import dev.runbook.worker.internal.TemporalRunInspector;
import dev.runbook.worker.internal.TemporalStartIdentity;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Clock;
import java.util.List;

/**
 * Registers the workflows and control activities (configuration, Bitbucket, catalog, notifications, host queues)
 * on {@link TaskQueues#CONTROL}, and serves the queue of every {@code mode: ssh} host with host
 * activities that run over SSH. Wiring only.
 */
public final class ControlWorker {
  private ControlWorker() {}

  /**
   * Adds the control worker to {@code factory}; the caller starts and shuts down the factory.
   *
   * @return the SSH hosts whose queues this worker serves (hosts added later need a restart)
   */
  public static List<String> register(WorkerFactory factory, ConfigSource config, Catalog catalog, Secrets secrets) {
    return register(factory, config, catalog, secrets, MetricsEndpoint.off());
  }

  /** As above, recording runbook's own metrics on {@code metrics} when it is enabled. */
  public static List<String> register(WorkerFactory factory, ConfigSource config, Catalog catalog, Secrets secrets,
                                      MetricsEndpoint metrics) {
    WorkersConfig workers = config.current().workers();
    Worker worker = factory.newWorker(TaskQueues.CONTROL, WorkerTuning.control(workers));
    RunMetrics runMetrics = !metrics.enabled() ? null : new RunMetrics(metrics.registry(), catalog,
        config.current().instances().stream().map(InstanceConfig::name).toList());
    worker.registerWorkflowImplementationTypes(Runbooks.implementations());
    worker.registerActivitiesImplementations(
        new ConfigActivitiesImpl(config),
        new BitbucketActivitiesImpl(config, secrets, catalog),
        new CatalogActivitiesImpl(catalog, new TemporalLiveness(factory.getWorkflowClient()),
            new TemporalStartIdentity(factory.getWorkflowClient()), runMetrics),
        new NotifyActivitiesImpl(config, secrets),
        new MirrorActivitiesImpl(config, secrets),
        new SweepActivitiesImpl(catalog, config, secrets, new TemporalRunInspector(factory.getWorkflowClient())),
        new HostQueueActivitiesImpl(new TemporalQueuePollers(factory.getWorkflowClient()),
            () -> config.current().workers().control().busyHostWait(), Clock.systemUTC()));
    List<String> sshHosts = config.current().hosts().stream()
        .filter(h -> h.mode() == HostMode.SSH).map(HostConfig::name).toList();
    for (String host : sshHosts) {
      HostAgent.registerOn(factory.newWorker(TaskQueues.host(host), WorkerTuning.agent(workers)), HostContext.ssh(host, config),
          secrets);
    }
    return sshHosts;
  }
}
