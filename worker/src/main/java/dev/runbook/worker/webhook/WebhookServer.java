package dev.runbook.worker.webhook;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WebhooksConfig;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The incident endpoint's HTTP server (Jetty): on {@code webhooks.listen}:{@code port}, with TLS when
 * configured, handing each request to {@link IncidentEndpoint}. Used by {@code runbook webhook} and
 * {@code runbook up}.
 */
public final class WebhookServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final boolean tls;

  private WebhookServer(Server server, ServerConnector connector, boolean tls) {
    this.server = server;
    this.connector = connector;
    this.tls = tls;
  }

  /**
   * Starts the endpoint; runs are started through {@code client} and looked up in {@code catalog}.
   *
   * @throws IllegalArgumentException when a TLS file does not hold what it should
   * @throws WebhookServerException when the address cannot be bound
   */
  public static WebhookServer start(WebhooksConfig config, WorkflowClient client, Catalog catalog, Secrets secrets) {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("webhook");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector;
    if (config.tls() != null) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(PemKeyStore.of(Path.of(config.tls().cert()), Path.of(config.tls().key())));
      ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
      // A webhook is addressed by IP as often as by name; the certificate is checked by the sender.
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(config.listen());
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setHandler(new WebhookHandler(new IncidentEndpoint(config, secrets, new IncidentStarter(client, catalog),
        Clock.systemUTC())));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // Reporting the start's failure matters more.
      }
      throw new WebhookServerException("the incident webhook cannot listen on " + config.listen() + ":" + config.port()
          + ": " + e.getMessage());
    }
    return new WebhookServer(server, connector, config.tls() != null);
  }

  /** Where it listens, for example {@code https://127.0.0.1:8788}. */
  public String address() {
    return (tls ? "https" : "http") + "://" + connector.getHost() + ":" + connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the incident webhook did not stop: " + e.getMessage(), e);
    }
  }

  /** The endpoint could not start; the message says where and why. */
  public static final class WebhookServerException extends RuntimeException {
    public WebhookServerException(String message) {
      super(message);
    }
  }
}
