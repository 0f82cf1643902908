package dev.runbook.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.SecretRef;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WebhookHookConfig;
import dev.runbook.activities.config.WebhookHookConfig.Auth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestAuthTest {
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final byte[] BODY = "{\"alert\":\"x\",\"key\":\"k\"}".getBytes(StandardCharsets.UTF_8);
  final RequestAuth auth = new RequestAuth(new Secrets(Map.of("S", "s3cret")));

  static WebhookHookConfig hook(Auth mode, String user) {
    return new WebhookHookConfig("h", "/h", mode, SecretRef.parse("env:S"), user, List.of());
  }

  @Test
  void aSignatureOverTimestampAndBodyWithinFiveMinutesIsTaken() {
    String ts = Long.toString(NOW.minus(Duration.ofMinutes(4)).getEpochSecond());
    String sig = RequestAuth.sign("s3cret", ts, BODY);
    assertThat(sig).matches("sha256=[0-9a-f]{64}");
    assertThat(auth.refusal(hook(Auth.HMAC, null), headers(RequestAuth.TIMESTAMP, ts, RequestAuth.SIGNATURE, sig), BODY, NOW))
        .isEmpty();
    assertThat(auth.refusal(hook(Auth.HMAC, null), headers(RequestAuth.TIMESTAMP, ts, RequestAuth.SIGNATURE,
        sig.toUpperCase().replace("SHA256=", "sha256=")), BODY, NOW)).as("hex in capitals").isEmpty();
  }

  @Test
  void aMissingWrongOrOldSignatureIsRefused() {
    String ts = Long.toString(NOW.getEpochSecond());
    String sig = RequestAuth.sign("s3cret", ts, BODY);
    WebhookHookConfig h = hook(Auth.HMAC, null);
    assertThat(auth.refusal(h, headers(RequestAuth.TIMESTAMP, ts), BODY, NOW)).hasValue("no X-Runbook-Signature header");
    assertThat(auth.refusal(h, headers(RequestAuth.SIGNATURE, sig), BODY, NOW)).hasValue("no X-Runbook-Timestamp header");
    assertThat(auth.refusal(h, headers(RequestAuth.TIMESTAMP, ts, RequestAuth.SIGNATURE, RequestAuth.sign("other", ts, BODY)),
        BODY, NOW)).hasValue("the signature does not match");
    assertThat(auth.refusal(h, headers(RequestAuth.TIMESTAMP, ts, RequestAuth.SIGNATURE, sig), "{}".getBytes(), NOW))
        .as("another body").hasValue("the signature does not match");
    assertThat(auth.refusal(h, headers(RequestAuth.TIMESTAMP, ts, RequestAuth.SIGNATURE, "sha256=zz"), BODY, NOW))
        .hasValue("X-Runbook-Signature is not sha256=<hex>");
    String old = Long.toString(NOW.minus(Duration.ofMinutes(6)).getEpochSecond());
    assertThat(auth.refusal(h, headers(RequestAuth.TIMESTAMP, old, RequestAuth.SIGNATURE, RequestAuth.sign("s3cret", old, BODY)),
        BODY, NOW)).get().asString().contains("more than 5 min from now");
    // The timestamp is signed: moving it forward breaks the signature.
    assertThat(auth.refusal(h, headers(RequestAuth.TIMESTAMP, ts, RequestAuth.SIGNATURE, RequestAuth.sign("s3cret", old, BODY)),
        BODY, NOW)).hasValue("the signature does not match");
  }

  @Test
  void aBearerTokenMustBeTheConfiguredOne() {
    WebhookHookConfig h = hook(Auth.BEARER, null);
    assertThat(auth.refusal(h, headers("Authorization", "Bearer s3cret"), BODY, NOW)).isEmpty();
    assertThat(auth.refusal(h, headers("Authorization", "Bearer s3cre"), BODY, NOW)).hasValue("wrong token");
    assertThat(auth.refusal(h, headers(), BODY, NOW)).hasValue("no Authorization: Bearer header");
  }

  @Test
  void basicAuthNeedsUserAndPassword() {
    WebhookHookConfig h = hook(Auth.BASIC, "am");
    assertThat(auth.refusal(h, headers("Authorization", basic("am:s3cret")), BODY, NOW)).isEmpty();
    assertThat(auth.refusal(h, headers("Authorization", basic("bob:s3cret")), BODY, NOW)).hasValue("wrong user or password");
    assertThat(auth.refusal(h, headers("Authorization", basic("am:nope")), BODY, NOW)).hasValue("wrong user or password");
    assertThat(auth.refusal(h, headers("Authorization", "Basic !!"), BODY, NOW)).hasValue("Authorization: Basic is not base64");
  }

  static String basic(String userPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
  }

  static java.util.function.UnaryOperator<String> headers(String... pairs) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m::get;
  }
}
