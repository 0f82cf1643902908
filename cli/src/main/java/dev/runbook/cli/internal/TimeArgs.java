package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Points in time as options take them: an ISO date or instant (UTC), or an age such as {@code 7d} or {@code 36h}. */
public final class TimeArgs {
  private static final Pattern AGE = Pattern.compile("(\\d+)([smhdw])");

  private TimeArgs() {}

  /**
   * {@code 2026-11-30} (midnight UTC), {@code 2026-11-30T04:00:00Z}, or {@code 7d} / {@code 36h} / {@code 90m} before
   * {@code now}; exit 2 naming {@code option} otherwise.
   */
  public static Instant parse(String option, String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    Matcher age = AGE.matcher(v.toLowerCase(Locale.ROOT));
    if (age.matches()) {
      long n = Long.parseLong(age.group(1));
      Duration d = switch (age.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
      return now.minus(d);
    }
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new CliException(ExitCode.INVALID_INPUT, "Invalid value for option '" + option + "': '" + value
          + "' is neither a date (2026-11-30), a UTC time (2026-11-30T04:00:00Z) nor an age (7d, 36h, 90m)");
    }
  }
}
