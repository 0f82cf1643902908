package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One hook of the incident endpoint: its path, how callers prove who they are, and which alerts start
 * which runbook.
 *
 * @param name the hook's name; runs it starts are requested by {@code webhook <name>}
 * @param path the URL path it answers on, for example {@code /hooks/alertmanager}
 * @param auth how a request is authenticated
 * @param secret by reference: the HMAC key ({@code hmac}), the token ({@code bearer}) or the password ({@code basic})
 * @param username the user name ({@code basic} only)
 * @param rules alert to runbook, the first match wins
 */
public record WebhookHookConfig(String name, String path, Auth auth, SecretRef secret, String username,
                                List<WebhookRuleConfig> rules) {
  public WebhookHookConfig {
    rules = rules == null ? List.of() : rules;
  }

  /** How a hook authenticates requests. */
  public enum Auth {
    /** HMAC-SHA256 of {@code timestamp + "." + body}, for senders that can sign. */
    HMAC,
    /** {@code Authorization: Bearer <token>}, for Prometheus Alertmanager, which cannot sign. */
    BEARER,
    /** {@code Authorization: Basic ...}, for senders that only know user and password. */
    BASIC;

    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Auth of(String id) {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
  }
}
