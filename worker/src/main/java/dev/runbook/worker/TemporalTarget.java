package dev.runbook.worker;

import dev.runbook.activities.config.TemporalConfig;
import java.nio.file.Path;

/**
 * Which Temporal server to talk to and how, as resolved by {@link TemporalSettings}.
 *
 * @param target {@code host:port} of the frontend; {@value TemporalConfig#DEFAULT_TARGET} when null
 * @param namespace the namespace; {@value TemporalConfig#DEFAULT_NAMESPACE} when null
 * @param tls TLS settings, or null for plain text (the server `runbook up` starts)
 * @param apiKey the API key's value, sent as {@code authorization: Bearer <key>}, or null; held in memory only,
 *     never printed ({@link #toString()} leaves it out)
 */
public record TemporalTarget(String target, String namespace, Tls tls, String apiKey) {
  /** The default target: where the local server listens. */
  public static final String DEFAULT_TARGET = TemporalConfig.DEFAULT_TARGET;
  /** The default namespace. */
  public static final String DEFAULT_NAMESPACE = TemporalConfig.DEFAULT_NAMESPACE;

  public TemporalTarget {
    target = target == null ? DEFAULT_TARGET : target;
    namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
  }

  /** Without an API key. */
  public TemporalTarget(String target, String namespace, Tls tls) {
    this(target, namespace, tls, null);
  }

  /** Plain text to {@code target} in the default namespace. */
  public static TemporalTarget plain(String target) {
    return new TemporalTarget(target, null, null, null);
  }

  /** The same server, with the same credentials, in another namespace. */
  public TemporalTarget withNamespace(String other) {
    return new TemporalTarget(target, other, tls, apiKey);
  }

  /** Says whether an API key is set, never the key. */
  @Override
  public String toString() {
    return "TemporalTarget[target=" + target + ", namespace=" + namespace + ", tls=" + tls
        + ", apiKey=" + (apiKey == null ? "none" : "set") + "]";
  }

  /**
   * TLS to a real cluster.
   *
   * @param clientCert PEM client certificate for mutual TLS, or null
   * @param clientKey PEM PKCS#8 key of {@code clientCert}, or null
   * @param serverCa PEM CA certificate(s) to trust instead of the system's, or null
   * @param serverName the name to verify in the server's certificate instead of the target's host, or null
   */
  public record Tls(Path clientCert, Path clientKey, Path serverCa, String serverName) {}
}
