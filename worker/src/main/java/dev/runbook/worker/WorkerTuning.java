package dev.runbook.worker;

import dev.runbook.activities.config.WorkersConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

/** The {@code workers:} section as the Temporal SDK's factory and worker options. Wiring only. */
public final class WorkerTuning {
  private WorkerTuning() {}

  /** A factory for the control worker (and whatever shares its process): its run cache and workflow threads. */
  public static WorkerFactory factory(WorkflowClient client, WorkersConfig workers) {
    WorkersConfig.Control c = workers.control();
    return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkflowCacheSize(c.workflowCacheSize())
        .setMaxWorkflowThreadCount(c.maxWorkflowThreads())
        .build());
  }

  /** The control queue's worker: pollers and concurrency for workflow tasks and control activities. */
  static WorkerOptions control(WorkersConfig workers) {
    WorkersConfig.Control c = workers.control();
    return WorkerOptions.newBuilder()
        .setMaxConcurrentWorkflowTaskPollers(c.workflowPollers())
        .setMaxConcurrentWorkflowTaskExecutionSize(c.maxConcurrentWorkflowTasks())
        .setMaxConcurrentActivityTaskPollers(c.activityPollers())
        .setMaxConcurrentActivityExecutionSize(c.maxConcurrentActivities())
        .build();
  }

  /** A host queue's worker (an agent, or an SSH host's queue on the control worker): host steps only. */
  static WorkerOptions agent(WorkersConfig workers) {
    WorkersConfig.Agent a = workers.agent();
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityTaskPollers(a.activityPollers())
        .setMaxConcurrentActivityExecutionSize(a.maxConcurrentActivities())
        .build();
  }
}
