package dev.runbook.worker;

import com.google.protobuf.util.Durations;
import io.temporal.api.namespace.v1.NamespaceConfig;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.UpdateNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;

/** Sets how long a namespace keeps closed runs; start-dev creates its namespaces with 24 hours. */
final class NamespaceRetention {
  private NamespaceRetention() {}

  static void set(WorkflowServiceStubs stubs, String namespace, Duration retention) {
    var current = stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
        .getConfig().getWorkflowExecutionRetentionTtl();
    if (Durations.toMillis(current) == retention.toMillis()) {
      return;
    }
    stubs.blockingStub().updateNamespace(UpdateNamespaceRequest.newBuilder().setNamespace(namespace)
        .setConfig(NamespaceConfig.newBuilder().setWorkflowExecutionRetentionTtl(Durations.fromMillis(retention.toMillis())))
        .build());
  }

  /** The namespace's retention now. */
  static Duration get(WorkflowServiceStubs stubs, String namespace) {
    return Duration.ofMillis(Durations.toMillis(stubs.blockingStub()
        .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build())
        .getConfig().getWorkflowExecutionRetentionTtl()));
  }
}
