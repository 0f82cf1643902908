package dev.runbook.worker.internal;

import dev.runbook.activities.host.QueuePollers;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Asks Temporal who polls an activity queue ({@code DescribeTaskQueue}, as {@code temporal task-queue describe
 * --task-queue-type activity} does): each poller's last access time, and the queue's dispatch rate when the
 * server reports its stats.
 */
public final class TemporalQueuePollers implements QueuePollers {
  private final WorkflowClient client;

  public TemporalQueuePollers(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public Listing describe(String taskQueue) {
    DescribeTaskQueueResponse r = client.getWorkflowServiceStubs().blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
        .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
            .setReportStats(true)
            .build());
    var polls = r.getPollersList().stream().filter(p -> p.hasLastAccessTime())
        .map(p -> Instant.ofEpochSecond(p.getLastAccessTime().getSeconds(), p.getLastAccessTime().getNanos())).toList();
    return new Listing(polls, r.hasStats() ? r.getStats().getTasksDispatchRate() : null);
  }
}
