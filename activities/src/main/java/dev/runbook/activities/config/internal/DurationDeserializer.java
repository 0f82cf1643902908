package dev.runbook.activities.config.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as operators write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 4h}, {@code 1d}, or ISO-8601. */
public final class DurationDeserializer extends JsonDeserializer<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
  static final String EXPECTED = "expected a duration with a unit: 500ms, 30s, 5m, 4h or 1d";
  /** The longest duration accepted: longer ones are mistakes, and overflow the arithmetic done on deadlines. */
  static final Duration LONGEST = Duration.ofDays(36500);
  static final String TOO_LONG = "too long: at most 36500d (100 years)";

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), EXPECTED);
    }
    String text = p.getText().trim().toLowerCase(Locale.ROOT);
    if (text.startsWith("-") || text.startsWith("p-") || text.startsWith("pt-")) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), "must not be negative: " + EXPECTED);
    }
    Duration d;
    try {
      d = parse(text);
    } catch (ArithmeticException | NumberFormatException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), TOO_LONG);
    } catch (DateTimeParseException e) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), EXPECTED);
    }
    if (d.isNegative()) {
      return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), "must not be negative: " + EXPECTED);
    }
    return d.compareTo(LONGEST) > 0 ? (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), TOO_LONG) : d;
  }

  private static Duration parse(String text) {
    Matcher m = SIMPLE.matcher(text);
    if (!m.matches()) {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
