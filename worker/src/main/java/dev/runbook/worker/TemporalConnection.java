package dev.runbook.worker;

import dev.runbook.worker.internal.ConnectFailures;
import dev.runbook.worker.internal.TlsContexts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.time.Duration;

/** Connects to a Temporal server and fails in one line, with the fix, when none answers. */
public final class TemporalConnection {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private TemporalConnection() {}

  /**
   * Service stubs connected to {@code t}, checked with a round trip; the API key, when set, goes with
   * every call as {@code authorization: Bearer <key>}.
   *
   * @throws TemporalUnavailableException when nothing answers, TLS or the credentials fail, or the namespace does not exist
   * @throws TemporalSettings.SettingsException when a TLS file does not hold what it should
   */
  public static WorkflowServiceStubs connect(TemporalTarget t) {
    return connect(t, null);
  }

  /**
   * As {@link #connect(TemporalTarget)}, reporting the SDK's metrics (requests, polls, task latencies of
   * every worker on these stubs) to {@code metrics}, or to nothing when it is null.
   */
  public static WorkflowServiceStubs connect(TemporalTarget t, com.uber.m3.tally.Scope metrics) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(t.target());
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    if (t.tls() != null) {
      options.setSslContext(TlsContexts.client(t.tls()));
      if (t.tls().serverName() != null) {
        options.setChannelInitializer(b -> b.overrideAuthority(t.tls().serverName()));
      }
    }
    if (t.apiKey() != null) {
      options.addApiKey(t::apiKey);
    }
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(options.build(), CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw new TemporalUnavailableException(ConnectFailures.describe(e, t, CONNECT_TIMEOUT, false));
    }
    try {
      stubs.blockingStub().withDeadlineAfter(CONNECT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(t.namespace()).build());
    } catch (StatusRuntimeException e) {
      stubs.shutdownNow();
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new TemporalUnavailableException("namespace " + t.namespace() + " does not exist on " + t.target()
            + ": pass --namespace NAME (or TEMPORAL_NAMESPACE, temporal.namespace), or create it on the cluster");
      }
      throw new TemporalUnavailableException(ConnectFailures.describe(e, t, CONNECT_TIMEOUT, true));
    }
    return stubs;
  }

  /** A client for {@code t}'s namespace over {@code stubs}, identifying this process. */
  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalTarget t, String role) {
    return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder()
        .setNamespace(t.namespace())
        .setIdentity("runbook-" + role + "@" + machineName() + ":" + ProcessHandle.current().pid())
        .build());
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  /** No usable Temporal server; the message says what to do. */
  public static final class TemporalUnavailableException extends RuntimeException {
    public TemporalUnavailableException(String message) {
      super(message);
    }
  }
}
