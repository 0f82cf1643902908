package dev.runbook.worker;

import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.TemporalConfig;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What one source says about the Temporal connection: the command line, Temporal's environment
 * variables and profile file, or the {@code temporal:} section of runbook.yaml. Every field is null
 * where the source says nothing, so that {@link TemporalSettings} can take each from the first source
 * that gives it.
 *
 * @param source names the source in messages, for example {@code the command line}
 * @param target {@code host:port} of the frontend
 * @param namespace the namespace
 * @param tls true or false when the source turns TLS on or off explicitly
 * @param ca PEM CA certificate(s) to trust instead of the system's
 * @param cert PEM client certificate for mutual TLS
 * @param key PKCS#8 PEM private key of {@code cert}
 * @param serverName the name to verify in the server's certificate
 * @param apiKey reads the API key when it is needed (a reference is resolved only if this source wins)
 */
public record SettingsLayer(String source, String target, String namespace, Boolean tls, Path ca, Path cert, Path key,
                            String serverName, Supplier<String> apiKey) {
  /** The {@code temporal:} section of runbook.yaml; its API key reference is resolved with {@code secrets}. */
  public static SettingsLayer of(TemporalConfig c, Secrets secrets) {
    TemporalConfig.Tls t = c.tls();
    Supplier<String> key = c.apiKey() == null ? null : () -> secrets.resolve("temporal.apiKey", c.apiKey());
    return new SettingsLayer("runbook.yaml (temporal:)", c.target(), c.namespace(), t == null ? null : t.enabled(),
        t == null ? null : path(t.ca()), t == null ? null : path(t.cert()), t == null ? null : path(t.key()),
        t == null ? null : t.serverName(), key);
  }

  /** A path, or null for a null or empty text. */
  static Path path(String text) {
    return text == null || text.isBlank() ? null : Path.of(text);
  }
}
