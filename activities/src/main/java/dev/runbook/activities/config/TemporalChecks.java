package dev.runbook.activities.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Checks of the {@code temporal:} section; problems carry their YAML path and line like every other section's. */
final class TemporalChecks {
  private final ConfigValidator v;

  TemporalChecks(ConfigValidator v) {
    this.v = v;
  }

  void check(TemporalConfig t) {
    if (t.target() != null) {
      TemporalConfig.targetProblem(t.target()).ifPresent(p -> v.add("temporal.target", p));
    }
    if (t.namespace() != null && t.namespace().isBlank()) {
      v.add("temporal.namespace", "must not be empty; leave it out for the namespace default");
    }
    TemporalConfig.Tls tls = t.tls();
    if (tls != null) {
      pemFile("temporal.tls.ca", tls.ca());
      pemFile("temporal.tls.cert", tls.cert());
      pemFile("temporal.tls.key", tls.key());
      if ((tls.cert() == null) != (tls.key() == null)) {
        v.add(tls.cert() == null ? "temporal.tls.key" : "temporal.tls.cert",
            "cert and key go together: give both for mutual TLS, or neither");
      }
      if (tls.serverName() != null && tls.serverName().isBlank()) {
        v.add("temporal.tls.serverName", "must not be empty; leave it out to verify the target's host");
      }
    }
    v.secret("temporal.apiKey", t.apiKey());
    if (t.uiUrl() != null) {
      uiUrl(t.uiUrl());
    }
    server(t.server());
  }

  private void server(TemporalConfig.Server s) {
    if (s.port() < 1 || s.port() > 65535) {
      v.add("temporal.server.port", "must be between 1 and 65535");
    }
    if (s.uiPort() < 0 || s.uiPort() > 65535) {
      v.add("temporal.server.uiPort", "must be between 1 and 65535, or 0 for no Web UI");
    } else if (s.uiPort().equals(s.port())) {
      v.add("temporal.server.uiPort", "must differ from temporal.server.port (" + s.port() + ")");
    }
    v.absolute("temporal.server.store", s.store(), false);
    v.absolute("temporal.server.binary", s.binary(), false);
    if (s.retention().compareTo(Duration.ofDays(1)) < 0) {
      v.add("temporal.server.retention", "must be at least 1d: Temporal refuses a shorter namespace retention");
    }
  }

  /** The UI's address goes into messages people read: an http(s) URL with a host, and no credentials. */
  private void uiUrl(String url) {
    java.net.URI uri = null;
    try {
      uri = java.net.URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      v.add("temporal.uiUrl", "not an http(s) URL with a host, for example https://temporal.example.com");
    } else if (uri.getUserInfo() != null) {
      v.add("temporal.uiUrl", "must not hold credentials: it is sent in notifications");
    }
  }

  /** An absolute path of a readable regular file; its content is checked when the connection is made. */
  private void pemFile(String path, String value) {
    if (value == null || !v.absolute(path, value, false)) {
      return;
    }
    Path p = Path.of(value);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      v.add(path, value + " is not a readable file");
    }
  }
}
