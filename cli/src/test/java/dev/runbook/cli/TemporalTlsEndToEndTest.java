package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.GrpcTlsProxy;
import dev.runbook.testkit.TestCertificates;
import dev.runbook.worker.DevServerOptions;
import dev.runbook.worker.SettingsLayer;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalDevServer;
import dev.runbook.worker.TemporalEnvironment;
import dev.runbook.worker.TemporalSettings;
import dev.runbook.worker.TemporalTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS, mutual TLS and API keys against a real TLS endpoint: Debian's nginx terminating TLS in front of
 * Temporal's dev server, with certificates made for this run. Connections go through the CLI where
 * it can show them: {@code runbook approve} of a run that does not exist connects (health check,
 * namespace check), asks the server for the run, and exits 2 with "no open run" — proof of a full
 * round trip — while a connection failure is exit 3 before anything is asked.
 */
class TemporalTlsEndToEndTest {
  static final String KEY = "rbk_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

  @TempDir
  static Path dir;

  static TestCertificates certs;
  static TemporalDevServer server;
  static final List<GrpcTlsProxy> proxies = new ArrayList<>();
  static GrpcTlsProxy tls;
  static GrpcTlsProxy mutual;
  static GrpcTlsProxy keyed;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.create(dir.resolve("pki"));
    server = TemporalDevServer.start(DevServerOptions.ephemeral(dir.resolve("temporal.log")));
    tls = proxy(GrpcTlsProxy.Mode.TLS);
    mutual = proxy(GrpcTlsProxy.Mode.MUTUAL_TLS);
    keyed = proxy(GrpcTlsProxy.Mode.API_KEY);
  }

  private static GrpcTlsProxy proxy(GrpcTlsProxy.Mode mode) {
    GrpcTlsProxy p = GrpcTlsProxy.start(certs, server.port(), mode, KEY);
    proxies.add(p);
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    proxies.forEach(GrpcTlsProxy::close);
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tlsTrustingTheTestCaConnects() {
    connected(approve("--temporal-target", tls.target(), "--tls-ca", certs.ca().toString()));
  }

  @Test
  void tlsWithoutTrustingTheCaIsOneLineExit3() {
    refused(approve("--temporal-target", tls.target(), "--tls"),
        "TLS to " + tls.target() + " failed: the server's certificate is not signed by a trusted CA; give the CA");
  }

  @Test
  void mutualTlsNeedsTheClientCertificate() {
    connected(approve("--temporal-target", mutual.target(), "--tls-ca", certs.ca().toString(),
        "--tls-cert", certs.clientCert().toString(), "--tls-key", certs.clientKey().toString()));
    refused(approve("--temporal-target", mutual.target(), "--tls-ca", certs.ca().toString()),
        "a server that requires mutual TLS answers so without a client certificate; give one (--tls-cert PEM");
  }

  @Test
  void anApiKeyFromRunbookYamlIsSentAndNeverShown() throws Exception {
    Path good = TestFiles.secret(dir, "api-key", KEY + "\n");
    Cli ok = approve("-c", config(keyed.target(), "file:" + good).toString());
    connected(ok);
    assertThat(ok.all()).doesNotContain(KEY);

    Path wrong = TestFiles.secret(dir, "wrong-key", KEY + "x\n");
    Cli refused = approve("-c", config(keyed.target(), "file:" + wrong).toString());
    refused(refused, "Temporal at " + keyed.target() + " refused the credentials (unauthenticated): check the API key");
    assertThat(refused.all()).doesNotContain(KEY);
  }

  @Test
  void anApiKeyFromTemporalsEnvironmentConnects() {
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", keyed.target(), "TEMPORAL_API_KEY", KEY,
        "TEMPORAL_TLS_SERVER_CA_CERT_PATH", certs.ca().toString());
    TemporalTarget t = resolve(env);
    assertThat(t.tls()).isNotNull();
    assertThat(t.toString()).doesNotContain(KEY);
    TemporalConnection.connect(t).shutdownNow();

    Map<String, String> wrong = new java.util.HashMap<>(env);
    wrong.put("TEMPORAL_API_KEY", "not-" + KEY);
    assertThatThrownBy(() -> TemporalConnection.connect(resolve(wrong)))
        .isInstanceOf(TemporalConnection.TemporalUnavailableException.class)
        .hasMessageContaining("refused the credentials (unauthenticated)")
        .message().doesNotContain(KEY);
  }

  @Test
  void garbagePemFilesAreExit2NamingTheFile() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    invalid(approve("--temporal-target", mutual.target(), "--tls-ca", certs.ca().toString(),
        "--tls-cert", garbage.toString(), "--tls-key", certs.clientKey().toString()), garbage + ": not a PEM client certificate");
    invalid(approve("--temporal-target", mutual.target(), "--tls-ca", certs.ca().toString(),
        "--tls-cert", certs.clientCert().toString(), "--tls-key", garbage.toString()), garbage + ": not a PKCS#8 PEM private key");
    invalid(approve("--temporal-target", tls.target(), "--tls-ca", garbage.toString()), garbage + ": not a PEM CA certificate");
  }

  @Test
  void theServerNameOverrideIsWhatIsVerified() {
    connected(approve("--temporal-target", tls.target(), "--tls-ca", certs.ca().toString(),
        "--tls-server-name", TestCertificates.SERVER_NAME));
    refused(approve("--temporal-target", tls.target(), "--tls-ca", certs.ca().toString(),
        "--tls-server-name", "other.runbook.test"), "the server's certificate does not name the host");
  }

  private static TemporalTarget resolve(Map<String, String> env) {
    SettingsLayer none = new SettingsLayer("the command line", null, null, null, null, null, null, null, null);
    return TemporalSettings.resolve(TemporalSettings.layers(none, TemporalEnvironment.read(env, dir),
        Optional.empty(), new Secrets(env)));
  }

  /** A valid runbook.yaml whose {@code temporal:} section names the keyed proxy, the test CA and an API key. */
  private static Path config(String target, String apiKey) throws Exception {
    Path file = dir.resolve("runbook-" + apiKey.hashCode() + ".yaml");
    Files.writeString(file, """
        hosts:
          - name: files
        instances:
          - name: prod
            bitbucket: {baseUrl: "http://127.0.0.1:7990", username: admin, password: "env:BB_PASSWORD"}
            nodes: [{name: node1, host: files}]
            home:
              host: files
              mounts: [/srv/bitbucket/shared]
              snapshot: {provider: command, snapshot: /opt/runbook/snapshot.sh}
            database: {provider: postgresql, host: files, name: bitbucket, user: bitbucket, backupRoot: /srv/backups}
        temporal:
          target: %s
          tls: {ca: %s}
          apiKey: %s
        """.formatted(target, certs.ca(), apiKey));
    return file;
  }

  private static Cli approve(String... options) {
    List<String> args = new ArrayList<>(List.of("approve", "no-such-run", "--as", "tester", "--reason", "TLS test",
        "--catalog", dir.resolve("catalog.db").toString()));
    args.addAll(List.of(options));
    return Cli.run(args.toArray(String[]::new));
  }

  private static void connected(Cli r) {
    assertThat(r.err()).contains("no open run no-such-run");
    assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
  }

  private static void refused(Cli r, String message) {
    assertThat(r.err().strip()).contains(message).doesNotContain("\n").doesNotContain("Exception");
    assertThat(r.exit()).isEqualTo(ExitCode.UNEXPECTED_STATE);
  }

  private static void invalid(Cli r, String message) {
    assertThat(r.err().strip()).startsWith(message).doesNotContain("\n").doesNotContain("Exception");
    assertThat(r.exit()).isEqualTo(ExitCode.INVALID_INPUT);
  }
}
