package dev.runbook.worker;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal test server running inside this JVM, listening on 127.0.0.1 only, with the
 * project's search attributes registered. It is the zero-set-up default for trying the tool and for
 * tests; it keeps nothing across restarts and has no Schedules API and no visibility queries (see
 * {@code shared/reference/temporal-and-environment.md}). Real deployments use a Temporal cluster.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
  /** The namespace the embedded server serves. */
  public static final String NAMESPACE = "default";

  private final TestServicesStarter services;
  private final Server server;
  private final int port;

  private EmbeddedTemporalServer(TestServicesStarter services, Server server) {
    this.services = services;
    this.server = server;
    this.port = ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /**
   * Starts the server on 127.0.0.1:{@code port} (0 picks a free port) and registers the search attributes.
   *
   * @throws PortInUseException when something already listens there
   */
  public static EmbeddedTemporalServer start(int port) {
    // Real time, as a production server: time skipping stays locked.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    // TestServer.createPortBoundServer binds every interface; we bind loopback only.
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      services.close();
      if (addressInUse(e)) {
        throw new PortInUseException("127.0.0.1:" + port + " is already in use (another `runbook server` or "
            + "`runbook up`, or a Temporal server?): pass --port, or --temporal-target to use what listens there");
      }
      throw new IllegalStateException("could not start the embedded Temporal server on 127.0.0.1:" + port + ": " + e, e);
    }
    EmbeddedTemporalServer embedded = new EmbeddedTemporalServer(services, server);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(embedded.target()).build());
    try {
      SearchAttributeRegistration.ensure(stubs, NAMESPACE);
    } finally {
      stubs.shutdownNow();
    }
    return embedded;
  }

  private static boolean addressInUse(Throwable e) {
    // Netty reports a taken port as its own exception type wrapping or naming the bind failure.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    services.close();
  }

  /** The port is taken. */
  public static final class PortInUseException extends RuntimeException {
    public PortInUseException(String message) {
      super(message);
    }
  }
}
