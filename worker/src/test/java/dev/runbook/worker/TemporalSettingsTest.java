package dev.runbook.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.SecretRef;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.TemporalConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence: command line > Temporal's environment (variables, profile file) > runbook.yaml > defaults. */
class TemporalSettingsTest {
  @TempDir
  Path home;

  private static final SettingsLayer NO_OPTIONS = options(null, null, null);
  private static final TemporalConfig FILE = new TemporalConfig("file.internal:7233", "from-file", null, null, null);

  private static SettingsLayer options(String target, String namespace, Path ca) {
    return new SettingsLayer("the command line", target, namespace, null, ca, null, null, null, null);
  }

  private TemporalTarget resolve(SettingsLayer options, Map<String, String> env, Optional<TemporalConfig> file) {
    return TemporalSettings.resolve(TemporalSettings.layers(options, TemporalEnvironment.read(env, home), file,
        new Secrets(env)));
  }

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    TemporalTarget t = resolve(NO_OPTIONS, Map.of(), Optional.empty());
    assertThat(t.target()).isEqualTo("127.0.0.1:7233");
    assertThat(t.namespace()).isEqualTo("default");
    assertThat(t.tls()).isNull();
    assertThat(t.apiKey()).isNull();
    assertThat(TemporalSettings.targetGiven(TemporalSettings.layers(NO_OPTIONS, TemporalEnvironment.read(Map.of(), home),
        Optional.of(TemporalConfig.defaults()), new Secrets(Map.of())))).isFalse();
  }

  @Test
  void theFileBeatsTheDefaultsTheEnvironmentBeatsTheFileTheOptionBeatsAll() {
    assertThat(resolve(NO_OPTIONS, Map.of(), Optional.of(FILE)).target()).isEqualTo("file.internal:7233");
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", "env.internal:7233");
    TemporalTarget fromEnv = resolve(NO_OPTIONS, env, Optional.of(FILE));
    assertThat(fromEnv.target()).isEqualTo("env.internal:7233");
    assertThat(fromEnv.namespace()).as("field by field").isEqualTo("from-file");
    assertThat(resolve(options("cli.internal:7233", "cli-ns", null), env, Optional.of(FILE)))
        .extracting(TemporalTarget::target, TemporalTarget::namespace).containsExactly("cli.internal:7233", "cli-ns");
  }

  @Test
  void theProfileFileIsPartOfTheEnvironmentAndItsVariablesOverrideIt() throws Exception {
    Path toml = home.resolve(".config/temporalio/temporal.toml");
    Files.createDirectories(toml.getParent());
    Files.writeString(toml, """
        [profile.default]
        address = "profile.internal:7233"
        namespace = "profile-ns"
        [profile.cloud]
        address = "ns.acct.tmprl.cloud:7233"
        namespace = "ns.acct"
        api_key = "key-from-profile"
        """);
    TemporalTarget t = resolve(NO_OPTIONS, Map.of("TEMPORAL_NAMESPACE", "env-ns"), Optional.of(FILE));
    assertThat(t.target()).isEqualTo("profile.internal:7233");
    assertThat(t.namespace()).isEqualTo("env-ns");

    TemporalTarget cloud = resolve(NO_OPTIONS, Map.of("TEMPORAL_PROFILE", "cloud"), Optional.empty());
    assertThat(cloud.apiKey()).isEqualTo("key-from-profile");
    assertThat(cloud.tls()).as("an API key turns TLS on").isNotNull();
    assertThat(cloud.toString()).doesNotContain("key-from-profile");

    assertThatThrownBy(() -> resolve(NO_OPTIONS, Map.of("TEMPORAL_PROFILE", "nope"), Optional.empty()))
        .isInstanceOf(TemporalSettings.SettingsException.class).hasMessageContaining("no profile 'nope'");
  }

  @Test
  void anApiKeyComesFromTheEnvironmentBeforeTheFilesReferenceWhichResolvesOnlyWhenUsed() {
    TemporalConfig file = new TemporalConfig(null, null, null, SecretRef.parse("env:RUNBOOK_TEMPORAL_KEY"), null);
    assertThat(resolve(NO_OPTIONS, Map.of("TEMPORAL_API_KEY", "k-env"), Optional.of(file)).apiKey()).isEqualTo("k-env");
    assertThat(resolve(NO_OPTIONS, Map.of("RUNBOOK_TEMPORAL_KEY", "k-file"), Optional.of(file)).apiKey()).isEqualTo("k-file");
    assertThatThrownBy(() -> resolve(NO_OPTIONS, Map.of(), Optional.of(file)))
        .hasMessage("Temporal API key (from runbook.yaml (temporal:)): temporal.apiKey: environment variable "
            + "RUNBOOK_TEMPORAL_KEY (env:RUNBOOK_TEMPORAL_KEY) is not set");
  }

  @Test
  void tlsIsOnWhenASourceGivesTlsMaterialAndOffWhenTheFirstSourceSaysSo() throws Exception {
    Path ca = Files.writeString(home.resolve("ca.pem"), "x");
    assertThat(resolve(options(null, null, ca), Map.of(), Optional.empty()).tls().serverCa()).isEqualTo(ca);
    TemporalConfig file = new TemporalConfig(null, null, new TemporalConfig.Tls(null, ca.toString(), null, null, null), null, null);
    assertThat(resolve(NO_OPTIONS, Map.of("TEMPORAL_TLS", "false"), Optional.of(file)).tls()).isNull();
    assertThat(resolve(NO_OPTIONS, Map.of(), Optional.of(file)).tls().serverCa()).isEqualTo(ca);
  }

  @Test
  void anApiKeyNeverGoesInClearTextBeyondThisMachine() {
    TemporalConfig plain = new TemporalConfig("temporal.internal:7233", null,
        new TemporalConfig.Tls(false, null, null, null, null), null, null);
    assertThatThrownBy(() -> resolve(NO_OPTIONS, Map.of("TEMPORAL_API_KEY", "k-secret"), Optional.of(plain)))
        .isInstanceOf(TemporalSettings.SettingsException.class)
        .hasMessageStartingWith("the API key (from ")
        .hasMessageContaining("would go in clear text to temporal.internal:7233")
        .hasMessageNotContaining("k-secret");
    // A proxy on this machine that adds TLS itself may take it plain.
    TemporalConfig local = new TemporalConfig("127.0.0.1:7234", null, new TemporalConfig.Tls(false, null, null, null, null),
        null, null);
    assertThat(resolve(NO_OPTIONS, Map.of("TEMPORAL_API_KEY", "k-secret"), Optional.of(local)).tls()).isNull();
  }

  @Test
  void unusableSettingsNameTheirSource() {
    assertThatThrownBy(() -> resolve(NO_OPTIONS, Map.of("TEMPORAL_ADDRESS", "no-port"), Optional.empty()))
        .hasMessageStartingWith("Temporal target no-port (from the Temporal environment (TEMPORAL_* variables)): not host:port");
    assertThatThrownBy(() -> resolve(options(null, null, home.resolve("missing.pem")), Map.of(), Optional.empty()))
        .hasMessage("TLS CA certificate " + home.resolve("missing.pem") + " (from the command line) is not a readable file");
    Map<String, String> halfPair = new HashMap<>(Map.of("TEMPORAL_TLS_CLIENT_CERT_PATH", "/x.pem"));
    assertThatThrownBy(() -> resolve(NO_OPTIONS, halfPair, Optional.empty()))
        .hasMessageStartingWith("TLS client certificate and key go together");
    assertThatThrownBy(() -> resolve(NO_OPTIONS, Map.of("TEMPORAL_TLS_CLIENT_CERT_DATA", "-----BEGIN"), Optional.empty()))
        .hasMessageContaining("gives TLS material inline");
  }
}
