package dev.runbook.activities.config;

import java.util.List;

/**
 * The {@code webhooks:} section: the incident endpoint that {@code runbook webhook} (and {@code runbook up})
 * serve, and the hooks on it that turn alerts into runs. See {@code docs/webhook.md}.
 *
 * @param listen the address to listen on; {@value #DEFAULT_LISTEN} when absent
 * @param port the port; {@value #DEFAULT_PORT} when absent
 * @param tls PEM certificate and key files; plain HTTP when absent
 * @param maxBodyKiB the largest request body taken, in KiB; {@value #DEFAULT_MAX_BODY_KIB} when absent
 * @param rateLimit how many requests are taken before the endpoint answers 503; its defaults when absent
 * @param hooks the hooks, each on its own path
 */
public record WebhooksConfig(String listen, Integer port, Tls tls, Integer maxBodyKiB, RateLimit rateLimit,
                             List<WebhookHookConfig> hooks) {
  /** Loopback only unless configured otherwise: the endpoint starts runs. */
  public static final String DEFAULT_LISTEN = "127.0.0.1";
  /** The port when none is given. */
  public static final int DEFAULT_PORT = 8788;
  /** Alert bodies are a few KiB; a larger body is refused before it is parsed. */
  public static final int DEFAULT_MAX_BODY_KIB = 256;

  public WebhooksConfig {
    listen = listen == null ? DEFAULT_LISTEN : listen;
    port = port == null ? DEFAULT_PORT : port;
    maxBodyKiB = maxBodyKiB == null ? DEFAULT_MAX_BODY_KIB : maxBodyKiB;
    rateLimit = rateLimit == null ? new RateLimit(null, null) : rateLimit;
    hooks = hooks == null ? List.of() : hooks;
  }

  /**
   * TLS for the endpoint.
   *
   * @param cert absolute path of the PEM certificate (chain), server certificate first
   * @param key absolute path of its PKCS#8 PEM private key (RSA or EC)
   */
  public record Tls(String cert, String key) {}

  /**
   * A token bucket over every request to the endpoint: {@code burst} at once, refilled at {@code perMinute}.
   *
   * @param perMinute requests per minute in the long run; 60 when absent
   * @param burst requests taken at once; 30 when absent
   */
  public record RateLimit(Integer perMinute, Integer burst) {
    public RateLimit {
      perMinute = perMinute == null ? 60 : perMinute;
      burst = burst == null ? 30 : burst;
    }
  }
}
