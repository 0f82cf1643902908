package dev.runbook.worker;

import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.TemporalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one place the Temporal connection is resolved. Each setting comes from the first source that
 * gives it, in this order: the command line, Temporal's environment (variables and profile file),
 * runbook.yaml's {@code temporal:} section, then the default ({@value TemporalConfig#DEFAULT_TARGET},
 * namespace {@value TemporalConfig#DEFAULT_NAMESPACE}, plain text). TLS is on when the first source that
 * says so turns it on or off, else when any source gives a CA, a client certificate, a server name or an
 * API key. Pure apart from checking that the TLS files it names are readable.
 */
public final class TemporalSettings {
  private TemporalSettings() {}

  /** The sources in precedence order; the environment's API key and the file's reference resolve in {@code env}. */
  public static List<SettingsLayer> layers(SettingsLayer commandLine, SettingsLayer environment,
                                           Optional<TemporalConfig> file, Secrets secrets) {
    List<SettingsLayer> layers = new ArrayList<>(List.of(commandLine, environment));
    file.ifPresent(c -> layers.add(SettingsLayer.of(c, secrets)));
    return layers;
  }

  /** True when a source names the frontend, rather than the default applying. */
  public static boolean targetGiven(List<SettingsLayer> layers) {
    return first(layers, SettingsLayer::target).isPresent();
  }

  /**
   * The connection the sources describe.
   *
   * @throws SettingsException naming the source and the fix when a setting cannot be used
   */
  /** The namespace alone (the first source that names one, else the default): all a server of our own needs. */
  public static String namespace(List<SettingsLayer> layers) {
    return first(layers, SettingsLayer::namespace).map(f -> f.value()).orElse(TemporalConfig.DEFAULT_NAMESPACE);
  }

  public static TemporalTarget resolve(List<SettingsLayer> layers) {
    Optional<Found<String>> target = first(layers, SettingsLayer::target);
    target.ifPresent(t -> TemporalConfig.targetProblem(t.value()).ifPresent(p ->
        fail("Temporal target " + t.value() + " (from " + t.source() + "): " + p)));
    Optional<Found<SettingsLayer>> pair = first(layers, l -> l.cert() != null || l.key() != null ? l : null);
    pair.ifPresent(p -> {
      if (p.value().cert() == null || p.value().key() == null) {
        fail("TLS client certificate and key go together (from " + p.source() + "): give both for mutual TLS, or neither");
      }
    });
    Optional<Found<Path>> ca = first(layers, SettingsLayer::ca);
    Optional<Found<String>> serverName = first(layers, SettingsLayer::serverName);
    Optional<Found<Supplier<String>>> apiKey = first(layers, SettingsLayer::apiKey);
    boolean tls = first(layers, SettingsLayer::tls).map(Found::value)
        .orElse(ca.isPresent() || pair.isPresent() || serverName.isPresent() || apiKey.isPresent());
    if (apiKey.isPresent() && !tls && !loopback(target.map(Found::value).orElse(TemporalConfig.DEFAULT_TARGET))) {
      // A key in clear text on the network is a key given away: only a proxy on this machine may take it plain.
      fail("the API key (from " + apiKey.get().source() + ") would go in clear text to "
          + target.map(Found::value).orElse(TemporalConfig.DEFAULT_TARGET) + ": TLS is turned off by "
          + first(layers, SettingsLayer::tls).map(Found::source).orElse("?") + "; turn it on, or use a target on 127.0.0.1");
    }
    TemporalTarget.Tls settings = null;
    if (tls) {
      ca.ifPresent(f -> readable("CA certificate", f));
      pair.ifPresent(p -> {
        readable("client certificate", new Found<>(p.value().cert(), p.source()));
        readable("client key", new Found<>(p.value().key(), p.source()));
      });
      settings = new TemporalTarget.Tls(pair.map(p -> p.value().cert()).orElse(null),
          pair.map(p -> p.value().key()).orElse(null), ca.map(Found::value).orElse(null),
          serverName.map(Found::value).orElse(null));
    }
    return new TemporalTarget(target.map(Found::value).orElse(null),
        first(layers, SettingsLayer::namespace).map(Found::value).orElse(null), settings,
        apiKey.map(k -> apiKey(k)).orElse(null));
  }

  private static boolean loopback(String hostPort) {
    String host = hostPort.substring(0, hostPort.lastIndexOf(':')).replace("[", "").replace("]", "");
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  private static String apiKey(Found<Supplier<String>> found) {
    String key;
    try {
      key = found.value().get();
    } catch (Secrets.MissingSecretException e) {
      throw new SettingsException("Temporal API key (from " + found.source() + "): " + e.getMessage());
    }
    if (key == null || key.isBlank() || !key.strip().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // The key goes into an HTTP header; its value is never repeated here.
      throw new SettingsException("Temporal API key (from " + found.source() + ") is empty or holds spaces or "
          + "non-ASCII characters: check the variable or file it is read from");
    }
    return key.strip();
  }

  private static void readable(String what, Found<Path> f) {
    if (!Files.isRegularFile(f.value()) || !Files.isReadable(f.value())) {
      fail("TLS " + what + " " + f.value() + " (from " + f.source() + ") is not a readable file");
    }
  }

  private static <T> Optional<Found<T>> first(List<SettingsLayer> layers, Function<SettingsLayer, T> field) {
    for (SettingsLayer l : layers) {
      T value = field.apply(l);
      if (value != null) {
        return Optional.of(new Found<>(value, l.source()));
      }
    }
    return Optional.empty();
  }

  private static void fail(String message) {
    throw new SettingsException(message);
  }

  private record Found<T>(T value, String source) {}

  /** A connection setting that cannot be used (invalid input); the message names its source and never a secret. */
  public static final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
      super(message);
    }
  }
}
