package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code temporal:} section: its defaults and its problems, each with YAML path and line. */
class TemporalConfigTest {
  @TempDir
  Path dir;

  private static RunbookConfig parse(String temporal) {
    return ConfigLoader.parse(Path.of("runbook.yaml"), temporal + ConfigLoaderTest.VALID, Optional.empty());
  }

  private static List<String> problems(String temporal) {
    try {
      parse(temporal);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void withoutTheSectionEveryDefaultApplies() {
    TemporalConfig t = parse("").temporal();
    assertThat(t.target()).as("null: other sources may give it").isNull();
    assertThat(t.tls()).isNull();
    assertThat(t.server().port()).isEqualTo(7233);
    assertThat(t.server().uiPort()).isEqualTo(8233);
    assertThat(t.server().retention()).isEqualTo(Duration.ofDays(30));
    assertThat(t.server().store()).endsWith("/runbook/temporal.db");
    assertThat(t.server().binary()).isNull();
  }

  @Test
  void aCompleteSectionIsRead() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "pem");
    TemporalConfig t = parse("""
        temporal:
          target: ns.acct.tmprl.cloud:7233
          namespace: ns.acct
          tls: {ca: %s, serverName: ns.acct.tmprl.cloud}
          apiKey: env:TEMPORAL_CLOUD_KEY
          server: {port: 7300, uiPort: 0, store: ~/t.db, retention: 7d, binary: /usr/local/bin/temporal}
        """.formatted(ca)).temporal();
    assertThat(t.tls().enabled()).isTrue();
    assertThat(t.tls().ca()).isEqualTo(ca.toString());
    assertThat(t.apiKey()).hasToString("env:TEMPORAL_CLOUD_KEY");
    assertThat(t.server().store()).isEqualTo(System.getProperty("user.home") + "/t.db");
    assertThat(t.server().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(t.server().uiPort()).isZero();
  }

  @Test
  void problemsCarryTheirPathAndLine() throws Exception {
    Path cert = Files.writeString(dir.resolve("client.pem"), "pem");
    assertThat(problems("""
        temporal:
          target: temporal.internal
          tls:
            ca: %s/missing.pem
            cert: %s
          server:
            port: 70000
            uiPort: 7233
            retention: 12h
        """.formatted(dir, cert))).containsExactlyInAnyOrder(
        "temporal.target: not host:port, for example temporal.internal:7233 or [::1]:7233 (line 2)",
        "temporal.tls.ca: " + dir + "/missing.pem is not a readable file (line 4)",
        "temporal.tls.cert: cert and key go together: give both for mutual TLS, or neither (line 5)",
        "temporal.server.port: must be between 1 and 65535 (line 7)",
        "temporal.server.retention: must be at least 1d: Temporal refuses a shorter namespace retention (line 9)");
    assertThat(problems("temporal:\n  target: h:0\n  server: {uiPort: 7233}\n")).containsExactly(
        "temporal.target: port 0 is not between 1 and 65535 (line 2)",
        "temporal.server.uiPort: must differ from temporal.server.port (7233) (line 3)");
  }

  @Test
  void anInlineApiKeyIsRefusedWithoutRepeatingIt() {
    List<String> p = problems("temporal:\n  apiKey: eyJhbGciOiJFUzI1NiJ9.secret\n");
    assertThat(p).containsExactly("temporal.apiKey: secrets are given by reference (env:NAME or file:/absolute/path), "
        + "never inline (line 2)");
    assertThat(String.join("\n", p)).doesNotContain("eyJhbGci");
  }
}
