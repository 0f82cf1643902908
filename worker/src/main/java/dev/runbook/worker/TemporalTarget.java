package dev.runbook.worker;

import java.nio.file.Path;

/**
 * Which Temporal server to talk to and how.
 *
 * @param target {@code host:port} of the frontend; {@code 127.0.0.1:7233} by default
 * @param namespace the namespace; {@code default} by default
 * @param tls TLS settings, or null for plain text (the server `runbook up` starts)
 */
public record TemporalTarget(String target, String namespace, Tls tls) {
  /** The default target: the embedded server's address and namespace. */
  public static final String DEFAULT_TARGET = "127.0.0.1:7233";
  /** The default namespace. */
  public static final String DEFAULT_NAMESPACE = "default";

  public TemporalTarget {
    target = target == null ? DEFAULT_TARGET : target;
    namespace = namespace == null ? DEFAULT_NAMESPACE : namespace;
  }

  /** Plain text to {@code target} in the default namespace. */
  public static TemporalTarget plain(String target) {
    return new TemporalTarget(target, null, null);
  }

  /** The same server in another namespace. */
  public TemporalTarget withNamespace(String other) {
    return new TemporalTarget(target, other, tls);
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
