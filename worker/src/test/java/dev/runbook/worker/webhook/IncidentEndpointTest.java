package dev.runbook.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WebhookHookConfig.Auth;
import dev.runbook.activities.config.WebhooksConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the endpoint answers before any run would start: authentication, then the rate limit. */
class IncidentEndpointTest {
  static final byte[] RESOLVED = "{\"alert\":\"x\",\"key\":\"k\",\"status\":\"resolved\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void strangersCannotSpendTheRateLimitOfRealAlerts() {
    WebhooksConfig config = new WebhooksConfig(null, null, null, null, new WebhooksConfig.RateLimit(1, 1),
        List.of(RequestAuthTest.hook(Auth.BEARER, null)));
    // No run starts for these bodies: the starter is never reached.
    IncidentEndpoint endpoint = new IncidentEndpoint(config, new Secrets(Map.of("S", "s3cret")), null, Clock.systemUTC());
    var hook = config.hooks().get(0);
    for (int i = 0; i < 20; i++) {
      assertThat(endpoint.handle(hook, name -> null, RESOLVED).status()).as("no token").isEqualTo(401);
    }
    assertThat(endpoint.handle(hook, bearer("s3cret"), RESOLVED).status()).as("the first real alert").isEqualTo(200);
    assertThat(endpoint.handle(hook, bearer("s3cret"), RESOLVED).status()).as("over the limit").isEqualTo(503);
  }

  private static java.util.function.UnaryOperator<String> bearer(String token) {
    return name -> name.equalsIgnoreCase("Authorization") ? "Bearer " + token : null;
  }
}
