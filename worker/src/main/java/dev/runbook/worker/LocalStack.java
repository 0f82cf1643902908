package dev.runbook.worker;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.HostConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.worker.metrics.MetricsEndpoint;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything a single machine needs in one process: Temporal's server as a supervised child (unless
 * one is given), the control worker, and an agent for each host whose mode is {@code local}. Used by
 * {@code runbook up}, the demo and end-to-end tests.
 */
public final class LocalStack implements AutoCloseable {
  private final TemporalDevServer server;
  private final WorkflowServiceStubs stubs;
  private final WorkerFactory factory;
  private final WorkflowClient client;
  private final TemporalTarget target;
  private final List<String> localHosts;
  private final List<String> sshHosts;

  private LocalStack(TemporalDevServer server, WorkflowServiceStubs stubs, WorkerFactory factory,
                     WorkflowClient client, TemporalTarget target, List<String> localHosts, List<String> sshHosts) {
    this.server = server;
    this.stubs = stubs;
    this.factory = factory;
    this.client = client;
    this.target = target;
    this.localHosts = localHosts;
    this.sshHosts = sshHosts;
  }

  /**
   * Starts the stack.
   *
   * @param existing a Temporal server to use, or null to start one with {@code serverOptions}
   * @param serverOptions how to start the server when {@code existing} is null
   */
  public static LocalStack start(TemporalTarget existing, DevServerOptions serverOptions, ConfigSource config,
                                 Catalog catalog, Secrets secrets) {
    return start(existing, serverOptions, config, catalog, secrets, MetricsEndpoint.off());
  }

  /**
   * As above, with the SDK's and runbook's metrics of this process on {@code metrics} (its workers: the
   * control worker and the local agents). The caller closes {@code metrics} after the stack.
   */
  public static LocalStack start(TemporalTarget existing, DevServerOptions serverOptions, ConfigSource config,
                                 Catalog catalog, Secrets secrets, MetricsEndpoint metrics) {
    RunbookConfig current = config.current();
    TemporalDevServer server = existing == null ? TemporalDevServer.start(serverOptions) : null;
    TemporalTarget target = existing != null ? existing
        : TemporalTarget.plain(server.target()).withNamespace(server.namespace());
    WorkflowServiceStubs stubs = null;
    try {
      stubs = TemporalConnection.connect(target, metrics.enabled() ? metrics.scope() : null);
      if (existing != null) {
        SearchAttributeRegistration.ensure(stubs, target.namespace());
      }
      WorkflowClient client = TemporalConnection.client(stubs, target, "worker");
      WorkerFactory factory = WorkerTuning.factory(client, current.workers());
      List<String> ssh = ControlWorker.register(factory, config, catalog, secrets, metrics);
      List<String> local = current.hosts().stream().filter(h -> h.mode() == HostMode.LOCAL).map(HostConfig::name).toList();
      local.forEach(h -> HostAgent.register(factory, h, config));
      factory.start();
      return new LocalStack(server, stubs, factory, client, target, local, ssh);
    } catch (RuntimeException e) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
      if (server != null) {
        server.close();
      }
      throw e;
    }
  }

  /** Where the workers are connected. */
  public TemporalTarget target() {
    return target;
  }

  /** The server this stack started, or null when it uses one given to it. */
  public TemporalDevServer server() {
    return server;
  }

  /** The hosts whose agents run in this process. */
  public List<String> localHosts() {
    return localHosts;
  }

  /** The SSH hosts whose steps this process runs over SSH. */
  public List<String> sshHosts() {
    return sshHosts;
  }

  /** A client on the stack's connection, for starting runs in-process. */
  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    if (server != null) {
      server.beginShutdown(); // from here its exit is the end, not a crash to recover from
    }
    factory.shutdown();
    try {
      factory.awaitTermination(10, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      // Shutting down anyway.
    }
    stubs.shutdownNow();
    if (server != null) {
      server.close();
    }
  }
}
