package dev.runbook.worker.internal;

import dev.runbook.worker.TemporalTarget;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Says in one line why a connection to Temporal failed and what fixes it. TLS and credential
 * failures get their own message: "no server answers" would send the operator looking in the wrong place.
 */
public final class ConnectFailures {
  private static final String CA_FIX = "give the CA that signed it (--tls-ca PEM, TEMPORAL_TLS_SERVER_CA_CERT_PATH "
      + "or temporal.tls.ca)";

  private ConnectFailures() {}

  /**
   * The message for {@code e}, raised while connecting to {@code t} with {@code timeout}; {@code answered}
   * says whether the server had already answered the first health check.
   */
  public static String describe(Throwable e, TemporalTarget t, Duration timeout, boolean answered) {
    String at = t.target();
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SSLException || c.getClass().getSimpleName().equals("NotSslRecordException")) {
        return tls(c, t);
      }
    }
    Status status = status(e);
    Status.Code code = status == null ? null : status.getCode();
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      return "Temporal at " + at + " refused the credentials (" + code.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + "): " + (t.apiKey() != null ? "check the API key (--api-key, TEMPORAL_API_KEY or temporal.apiKey)"
          : "it wants an API key (--api-key, TEMPORAL_API_KEY or temporal.apiKey) or a client certificate");
    }
    String description = status == null || status.getDescription() == null ? "" : status.getDescription();
    if (description.contains("HTTP status code 400") && t.tls() != null) {
      return "Temporal at " + at + " answered HTTP 400 to the TLS connection: a server that requires mutual TLS "
          + "answers so without a client certificate; give one (--tls-cert PEM --tls-key PEM, "
          + "TEMPORAL_TLS_CLIENT_CERT_PATH/_KEY_PATH or temporal.tls.cert/key)";
    }
    if (answered) {
      return "Temporal at " + at + " refused the connection check (" + code + "): " + description;
    }
    String reason = code == null ? e.getClass().getSimpleName() : code == Status.Code.DEADLINE_EXCEEDED
        ? "no answer within " + timeout.toSeconds() + " s" : code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    return "no Temporal server answers at " + at + " (" + reason + "): start one with `runbook up -c FILE` "
        + "(embedded, single machine) or pass --temporal-target HOST:PORT";
  }

  private static String tls(Throwable c, TemporalTarget t) {
    // The engine's own message is generic ("General OpenSslEngine problem"); the reason is in its causes.
    StringBuilder chain = new StringBuilder();
    for (Throwable x = c; x != null; x = x.getCause()) {
      chain.append(x.getMessage()).append('\n');
    }
    String m = chain.toString();
    String at = "TLS to " + t.target() + " failed: ";
    if (c.getClass().getSimpleName().equals("NotSslRecordException") || t.tls() == null) {
      return at + "the server does not speak TLS; connect without --tls and the TLS settings";
    }
    if (m.contains("PKIX") || m.contains("certification path")) {
      return at + "the server's certificate is not signed by a trusted CA; " + CA_FIX;
    }
    if (m.contains("subject alternative") || m.contains("No name matching")) {
      return at + "the server's certificate does not name the host; give the name it holds "
          + "(--tls-server-name NAME, TEMPORAL_TLS_SERVER_NAME or temporal.tls.serverName)";
    }
    return at + String.valueOf(c.getMessage()).lines().findFirst().orElse(c.getClass().getSimpleName());
  }

  private static Status status(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof StatusRuntimeException s) {
        return s.getStatus();
      }
    }
    return null;
  }
}
