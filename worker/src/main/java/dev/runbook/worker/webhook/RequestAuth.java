package dev.runbook.worker.webhook;

import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.config.WebhookHookConfig;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a request comes from whom a hook trusts: an HMAC-SHA256 signature over
 * {@code timestamp + "." + body} no older than {@link #REPLAY_WINDOW}, a bearer token, or user and
 * password. Secrets are resolved for each request, so a rotated file takes effect at once; they are
 * compared in constant time and never logged.
 */
public final class RequestAuth {
  /** The header with the request's Unix time in seconds, which the signature covers. */
  public static final String TIMESTAMP = "X-Runbook-Timestamp";
  /** The header with {@code sha256=<hex>}. */
  public static final String SIGNATURE = "X-Runbook-Signature";
  /** How far a signed timestamp may be from now either way; an older request may be a replay. */
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

  private final Secrets secrets;

  public RequestAuth(Secrets secrets) {
    this.secrets = secrets;
  }

  /**
   * Why the request is refused, or empty when it is authentic. The reason is for the log; callers
   * answer every refusal alike.
   *
   * @param header the request's header by name, null when absent
   */
  public Optional<String> refusal(WebhookHookConfig hook, UnaryOperator<String> header, byte[] body, Instant now) {
    String secret = secrets.resolve("webhooks hook " + hook.name() + " secret", hook.secret());
    return switch (hook.auth()) {
      case HMAC -> hmac(secret, header.apply(TIMESTAMP), header.apply(SIGNATURE), body, now);
      case BEARER -> bearer(secret, header.apply("Authorization"));
      case BASIC -> basic(hook.username(), secret, header.apply("Authorization"));
    };
  }

  /** {@code sha256=<hex>} of {@code timestamp + "." + body} under {@code secret}, as a sender computes it. */
  public static String sign(String secret, String timestamp, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(mac(secret, timestamp, body));
  }

  private static Optional<String> hmac(String secret, String timestamp, String signature, byte[] body, Instant now) {
    if (timestamp == null || signature == null) {
      return Optional.of("no " + (timestamp == null ? TIMESTAMP : SIGNATURE) + " header");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of(TIMESTAMP + " is not a Unix time in seconds");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > REPLAY_WINDOW.toSeconds()) {
      return Optional.of(TIMESTAMP + " is more than " + REPLAY_WINDOW.toMinutes() + " min from now (a replay, or a clock off)");
    }
    String s = signature.trim().toLowerCase(Locale.ROOT);
    byte[] given;
    try {
      given = s.startsWith("sha256=") ? HexFormat.of().parseHex(s.substring(7)) : null;
    } catch (IllegalArgumentException e) {
      given = null;
    }
    if (given == null) {
      return Optional.of(SIGNATURE + " is not sha256=<hex>");
    }
    return MessageDigest.isEqual(given, mac(secret, timestamp.trim(), body)) ? Optional.empty()
        : Optional.of("the signature does not match");
  }

  private static Optional<String> bearer(String token, String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of("no Authorization: Bearer header");
    }
    return equal(authorization.substring(7).trim(), token) ? Optional.empty() : Optional.of("wrong token");
  }

  private static Optional<String> basic(String user, String password, String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.of("no Authorization: Basic header");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.of("Authorization: Basic is not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.of("Authorization: Basic holds no user:password");
    }
    // Both compared every time, so the answer's timing does not tell which one was wrong.
    boolean userOk = equal(decoded.substring(0, colon), user);
    boolean passwordOk = equal(decoded.substring(colon + 1), password);
    return userOk & passwordOk ? Optional.empty() : Optional.of("wrong user or password");
  }

  /** Constant time, also in the length: digests of equal size are compared, never the texts themselves. */
  private static boolean equal(String given, String expected) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] a = sha.digest(given.getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(a, sha.digest(expected.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static byte[] mac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
