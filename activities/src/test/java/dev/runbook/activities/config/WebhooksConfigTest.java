package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.WebhookHookConfig.Auth;
import dev.runbook.activities.config.WebhookRuleConfig.Runbook;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code webhooks:} section: its defaults and its problems, each with YAML path and line. */
class WebhooksConfigTest {
  private static RunbookConfig parse(String webhooks) {
    return ConfigLoader.parse(Path.of("runbook.yaml"), webhooks + ConfigLoaderTest.VALID, Optional.empty());
  }

  private static List<String> problems(String webhooks) {
    try {
      parse(webhooks);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void withoutTheSectionThereIsNoEndpoint() {
    assertThat(parse("").webhooks()).isNull();
  }

  @Test
  void aHookIsReadWithTheDefaultsOfTheEndpoint() {
    WebhooksConfig w = parse("""
        webhooks:
          hooks:
            - name: alertmanager
              path: /hooks/alertmanager
              auth: bearer
              secret: file:/etc/runbook/am.token
              rules:
                - {alert: DataLoss, labels: {instance: prod}, runbook: restore, target: prod}
        """).webhooks();
    assertThat(w.listen()).isEqualTo("127.0.0.1");
    assertThat(w.port()).isEqualTo(8788);
    assertThat(w.maxBodyKiB()).isEqualTo(256);
    assertThat(w.rateLimit().perMinute()).isEqualTo(60);
    assertThat(w.tls()).isNull();
    WebhookHookConfig h = w.hooks().get(0);
    assertThat(h.auth()).isEqualTo(Auth.BEARER);
    assertThat(h.rules()).containsExactly(new WebhookRuleConfig("DataLoss", Map.of("instance", "prod"), Runbook.RESTORE, "prod"));
  }

  @Test
  void problemsCarryTheirPathAndLine() {
    assertThat(problems("""
        webhooks:
          port: 0
          tls: {cert: relative.pem}
          hooks:
            - name: Monitor
              path: hooks
              auth: hmac
              username: am
              rules:
                - {alert: A, runbook: mirror-recovery, target: eu}
                - {alert: B, runbook: check, target: nope}
            - name: am
              path: /hooks/am
              auth: basic
              secret: env:AM_PASSWORD
              rules: []
        """)).containsExactlyInAnyOrder(
        "webhooks.port: must be between 1 and 65535 (line 2)",
        "webhooks.tls.cert: not an absolute path (line 3)",
        "webhooks.tls.key: required (line 3)",
        "webhooks.hooks[0].name: not a valid hook name: use lower-case letters, digits and '-' (at most 40) (line 5)",
        "webhooks.hooks[0].path: not a path like /hooks/alertmanager (letters, digits, '.', '_', '~', '-' between slashes) (line 6)",
        "webhooks.hooks[0].secret: required (line 5)",
        "webhooks.hooks[0].username: only used with auth: basic (line 8)",
        "webhooks.hooks[0].rules[0].target: no mirror named 'eu' in mirrors (line 10)",
        "webhooks.hooks[0].rules[1].target: no instance named 'nope' in instances (instances: prod) (line 11)",
        "webhooks.hooks[1].username: required (line 12)",
        "webhooks.hooks[1].rules: at least one rule is required (line 16)");
  }

  @Test
  void anInlineSecretOrAnUnknownRunbookIsRefused() {
    assertThat(String.join("\n", problems("""
        webhooks:
          hooks:
            - {name: m, path: /m, auth: hmac, secret: hunter2, rules: [{alert: A, runbook: check, target: prod}]}
        """))).contains("secrets are given by reference").doesNotContain("hunter2");
    assertThat(String.join("\n", problems("""
        webhooks:
          hooks:
            - {name: m, path: /m, auth: hmac, secret: env:S, rules: [{alert: A, runbook: delete-everything, target: prod}]}
        """))).contains("webhooks.hooks[0].rules[0].runbook");
  }
}
