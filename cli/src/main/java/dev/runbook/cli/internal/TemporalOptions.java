package dev.runbook.cli.internal;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.SecretRef;
import dev.runbook.activities.config.Secrets;
import dev.runbook.cli.ExitCode;
import dev.runbook.worker.SettingsLayer;
import dev.runbook.worker.TemporalEnvironment;
import dev.runbook.worker.TemporalSettings;
import dev.runbook.worker.TemporalTarget;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the Temporal server is: the options shared by every command that talks to Temporal. A thin
 * front for {@link TemporalSettings}: each option wins over Temporal's environment, which wins over
 * runbook.yaml's {@code temporal:} section, which wins over the defaults.
 */
public final class TemporalOptions {
  /** The command (or mixin) these options are part of, to find its configuration file. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(names = "--temporal-target", paramLabel = "HOST:PORT", description = "Temporal frontend to use "
      + "(default: $TEMPORAL_ADDRESS, else temporal.target, else 127.0.0.1:7233, where `runbook up` and `runbook server` listen).")
  String target;

  @Option(names = "--namespace", paramLabel = "NAME", converter = InputChecks.Name.class,
      description = "Temporal namespace (default: $TEMPORAL_NAMESPACE, else temporal.namespace, else default).")
  String namespace;

  @Option(names = "--tls", description = "Connect with TLS, trusting the system's certificate authorities "
      + "(implied by the other --tls-* options and by an API key).")
  boolean tls;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for mutual TLS (with --tls-key).")
  Path cert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "PKCS#8 private key of --tls-cert.")
  Path key;

  @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA certificate(s) to trust for the server instead of the system's.")
  Path ca;

  @Option(names = "--tls-server-name", paramLabel = "NAME", description = "Name to verify in the server's certificate.")
  String serverName;

  @Option(names = "--api-key", paramLabel = "REF", description = "API key by reference, env:NAME or file:/path "
      + "(default: $TEMPORAL_API_KEY, else temporal.apiKey); sent as a bearer token, turns TLS on.")
  String apiKey;

  /** True when a target was given by an option, Temporal's environment or the configuration file. */
  public boolean explicit() {
    return TemporalSettings.targetGiven(layers(config()));
  }

  /** The connection described by the options, the environment and the command's configuration file, if any. */
  public TemporalTarget target() {
    return target(config());
  }

  /** The namespace alone, for a server of our own (its TLS and API-key settings do not apply there). */
  public String namespace(Optional<RunbookConfig> config) {
    return TemporalSettings.namespace(layers(config));
  }

  /** The connection described by the options, the environment and {@code config}; unusable settings are exit 2. */
  public TemporalTarget target(Optional<RunbookConfig> config) {
    return TemporalSettings.resolve(layers(config));
  }

  private List<SettingsLayer> layers(Optional<RunbookConfig> config) {
    Secrets secrets = new Secrets();
    SettingsLayer options = new SettingsLayer("the command line", target, namespace, tls ? Boolean.TRUE : null, ca,
        cert, key, serverName, apiKey == null ? null : () -> secrets.resolve("--api-key", reference(apiKey)));
    return TemporalSettings.layers(options, TemporalEnvironment.current(), config.map(RunbookConfig::temporal), secrets);
  }

  private static SecretRef reference(String text) {
    try {
      return SecretRef.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, "--api-key: " + e.getMessage());
    }
  }

  /** The configuration of the command these options belong to, when it has one. */
  private Optional<RunbookConfig> config() {
    if (mixee == null) {
      return Optional.empty();
    }
    return mixee.mixins().values().stream().map(CommandSpec::userObject)
        .filter(ConfigOptions.class::isInstance).map(ConfigOptions.class::cast)
        .findFirst().flatMap(ConfigOptions::loadIfPresent);
  }
}
