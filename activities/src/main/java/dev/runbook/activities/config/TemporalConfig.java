package dev.runbook.activities.config;

import dev.runbook.activities.catalog.CatalogLocation;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code temporal:} section: which Temporal frontend every command talks to, and the dev server
 * {@code runbook up} / {@code runbook server} start on this machine. Command-line options and
 * Temporal's own environment variables (and profile file) take precedence over it, field by field;
 * see {@code docs/operations.md}.
 *
 * @param target {@code host:port} of the frontend; null when absent, and then {@value #DEFAULT_TARGET}
 * @param namespace the namespace; null when absent, and then {@value #DEFAULT_NAMESPACE}
 * @param tls TLS settings; null when absent (plain text, unless an API key is given)
 * @param apiKey an API key by reference ({@code env:NAME} or {@code file:/path}), sent as
 *     {@code authorization: Bearer <key>}; it turns TLS on unless {@code tls.enabled} is false; null when absent
 * @param server the local dev server's settings; its defaults when absent
 * @param uiUrl the Temporal Web UI's base URL, for links to runs in notifications; null when absent, and then
 *     the local dev server's UI when no target is configured (see {@link #uiBase()})
 */
public record TemporalConfig(String target, String namespace, Tls tls, SecretRef apiKey, Server server, String uiUrl) {
  /** The frontend's address when nothing names one: where {@code runbook up} and {@code runbook server} listen. */
  public static final String DEFAULT_TARGET = "127.0.0.1:7233";
  /** The namespace when nothing names one. */
  public static final String DEFAULT_NAMESPACE = "default";

  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})");

  public TemporalConfig {
    server = server == null ? Server.defaults() : server;
  }

  /** The section as it is when absent: every default. */
  public static TemporalConfig defaults() {
    return new TemporalConfig(null, null, null, null, null, null);
  }

  /** The section without a UI address (tests and callers that do not link to runs). */
  public TemporalConfig(String target, String namespace, Tls tls, SecretRef apiKey, Server server) {
    this(target, namespace, tls, apiKey, server, null);
  }

  /**
   * The Web UI's base URL without a trailing slash: {@code uiUrl}, else the UI of the dev server
   * {@code runbook up} starts (http://127.0.0.1:{@code server.uiPort}) when no target is configured,
   * else empty: a cluster's UI address cannot be guessed.
   */
  public Optional<String> uiBase() {
    if (uiUrl != null && !uiUrl.isBlank()) {
      return Optional.of(uiUrl.trim().replaceAll("/+$", ""));
    }
    if (target == null && server.uiPort() > 0) {
      return Optional.of("http://127.0.0.1:" + server.uiPort());
    }
    return Optional.empty();
  }

  /** Why {@code target} is not a usable {@code host:port}, or empty when it is; shared by every source of a target. */
  public static Optional<String> targetProblem(String target) {
    Matcher m = HOST_PORT.matcher(target == null ? "" : target.trim());
    if (!m.matches()) {
      return Optional.of("not host:port, for example temporal.internal:7233 or [::1]:7233");
    }
    int port = Integer.parseInt(m.group(2));
    return port < 1 || port > 65535 ? Optional.of("port " + port + " is not between 1 and 65535") : Optional.empty();
  }

  /**
   * TLS to the frontend. Its presence turns TLS on; {@code tls: {}} trusts the system's certificate authorities.
   *
   * @param enabled false turns TLS off (for example with an API key sent to a local proxy); true when absent
   * @param ca absolute path of the PEM CA certificate(s) to trust instead of the system's, or null
   * @param cert absolute path of the PEM client certificate for mutual TLS (with {@code key}), or null
   * @param key absolute path of the client certificate's PKCS#8 PEM private key, or null
   * @param serverName the name to verify in the server's certificate (and send as SNI) instead of the target's host, or null
   */
  public record Tls(Boolean enabled, String ca, String cert, String key, String serverName) {
    public Tls {
      enabled = enabled == null || enabled;
    }
  }

  /**
   * The Temporal dev server ({@code temporal server start-dev}) that {@code runbook up} and
   * {@code runbook server} start on this machine, always on 127.0.0.1.
   *
   * @param port its gRPC port; 7233 when absent
   * @param uiPort its Web UI's port; 8233 when absent, 0 for none (headless)
   * @param store its SQLite file, {@code ~/} expanded; {@code <data dir>/temporal.db}
   *     ({@code ~/.local/share/runbook/temporal.db}) when absent
   * @param retention how long the namespace keeps closed runs, set after start; 30 days when absent
   * @param binary absolute path of the {@code temporal} CLI; null when absent: looked up on PATH and in
   *     Python's scripts directory
   */
  public record Server(Integer port, Integer uiPort, String store, Duration retention, String binary) {
    public Server {
      port = port == null ? 7233 : port;
      uiPort = uiPort == null ? 8233 : uiPort;
      store = store == null ? CatalogLocation.dataDirectory(System.getenv()).resolve("temporal.db").toString()
          : store.startsWith("~/") ? System.getProperty("user.home") + store.substring(1) : store;
      retention = retention == null ? Duration.ofDays(30) : retention;
    }

    /** The defaults. */
    public static Server defaults() {
      return new Server(null, null, null, null, null);
    }
  }
}
