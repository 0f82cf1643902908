package dev.runbook.worker;

import dev.runbook.worker.internal.ConnectFailures;
import dev.runbook.worker.internal.TlsContexts;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
    return connect(t, metrics, null);
  }

  /**
   * As {@link #connect(TemporalTarget)}, for a command that exits when it is done: the connection runs on a network
   * thread of its own, which {@link Command#close} ends at once. On gRPC's shared one, which gRPC keeps for a second
   * after the last channel closes, a JVM's exit waits about 0.3 s more: it gives threads in native code (the thread
   * waiting in {@code epoll_wait}) that long to stop (docs/performance.md, "(c) CLI start").
   */
  public static Command connectCommand(TemporalTarget t) {
    EventLoopGroup loop = Epoll.isAvailable()
        ? new EpollEventLoopGroup(1, new DefaultThreadFactory("runbook-grpc", true))
        : new NioEventLoopGroup(1, new DefaultThreadFactory("runbook-grpc", true));
    try {
      return new Command(connect(t, null, loop), loop);
    } catch (RuntimeException e) {
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** A command's connection: its service stubs and the network thread they run on. */
  public record Command(WorkflowServiceStubs stubs, EventLoopGroup loop) implements AutoCloseable {
    /** Closes the connection (calls still going are cancelled) and ends its network thread. */
    @Override
    public void close() {
      stubs.shutdownNow();
      loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(CONNECT_TIMEOUT.toMillis());
    }
  }

  private static WorkflowServiceStubs connect(TemporalTarget t, com.uber.m3.tally.Scope metrics, EventLoopGroup loop) {
    WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder().setTarget(t.target());
    if (metrics != null) {
      options.setMetricsScope(metrics);
    }
    if (t.tls() != null) {
      options.setSslContext(TlsContexts.client(t.tls()));
    }
    String authority = t.tls() != null ? t.tls().serverName() : null;
    if (authority != null || loop != null) {
      options.setChannelInitializer(b -> {
        if (authority != null) {
          b.overrideAuthority(authority);
        }
        if (loop != null && b instanceof NettyChannelBuilder netty) {
          netty.eventLoopGroup(loop).channelType(loop instanceof EpollEventLoopGroup ? EpollSocketChannel.class : NioSocketChannel.class);
        }
      });
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
