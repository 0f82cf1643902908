package dev.runbook.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A process's metrics in Prometheus's text format at {@code http://ADDRESS:PORT/metrics}: the Temporal
 * SDK's (through its {@link MicrometerClientStatsReporter}: requests, polls, workflow and activity task
 * latencies, ...), the JVM's, and runbook's own ({@link dev.runbook.activities.metrics.RunMetrics}). Off
 * unless a port is given; binds 127.0.0.1 unless another address is given.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** The address the endpoint binds when none is given. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1";

  private final PrometheusMeterRegistry registry;
  private final Scope scope;
  private final HttpServer server;

  private MetricsEndpoint(PrometheusMeterRegistry registry, Scope scope, HttpServer server) {
    this.registry = registry;
    this.scope = scope;
    this.server = server;
  }

  /** No endpoint: nothing is measured or served. */
  public static MetricsEndpoint off() {
    return new MetricsEndpoint(null, new NoopScope(), null);
  }

  /**
   * Serves metrics on {@code address}:{@code port} ({@code 0}: a free port).
   *
   * @param process a label for every metric: {@code worker}, {@code agent}, {@code up}
   * @throws UncheckedIOException when the port cannot be bound, naming it
   */
  public static MetricsEndpoint start(String address, int port, String process) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("process", process);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Scope scope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
        .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
    } catch (IOException e) {
      closeQuietly(scope);
      throw new UncheckedIOException("metrics endpoint " + address + ":" + port + " cannot be bound: " + e.getMessage()
          + " (choose another --metrics-port)", e);
    }
    server.createContext("/metrics", exchange -> answer(exchange, registry));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "metrics-endpoint");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new MetricsEndpoint(registry, scope, server);
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** True when metrics are served. */
  public boolean enabled() {
    return server != null;
  }

  /** The registry runbook's own metrics go to, or null when off. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The scope for the Temporal SDK ({@code WorkflowServiceStubsOptions.setMetricsScope}); a no-op when off. */
  public Scope scope() {
    return scope;
  }

  /** {@code http://ADDRESS:PORT/metrics}, or null when off. */
  public String url() {
    return server == null ? null : "http://" + server.getAddress().getAddress().getHostAddress() + ":"
        + server.getAddress().getPort() + "/metrics";
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      closeQuietly(scope);
      registry.close();
    }
  }

  private static void closeQuietly(Scope scope) {
    try {
      scope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      // Closing flushes the last report; nothing is lost that a scrape would still see.
    }
  }
}
