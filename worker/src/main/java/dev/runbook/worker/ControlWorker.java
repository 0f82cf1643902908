package dev.runbook.worker;

import dev.runbook.activities.bitbucket.BitbucketActivitiesImpl;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogActivitiesImpl;
import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.check.HealthCheckWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/**
 * Registers the workflows and control activities (configuration, Bitbucket, catalog) on
 * {@link TaskQueues#CONTROL}. Wiring only.
 */
public final class ControlWorker {
  private ControlWorker() {}

  /** Adds the control worker to {@code factory}; the caller starts and shuts down the factory. */
  public static void register(WorkerFactory factory, ConfigSource config, Catalog catalog, Secrets secrets) {
    Worker worker = factory.newWorker(TaskQueues.CONTROL);
    worker.registerWorkflowImplementationTypes(HealthCheckWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new ConfigActivitiesImpl(config),
        new BitbucketActivitiesImpl(config, secrets),
        new CatalogActivitiesImpl(catalog));
  }
}
