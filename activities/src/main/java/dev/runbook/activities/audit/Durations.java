package dev.runbook.activities.audit;

import java.time.Duration;
import java.util.Locale;

/** Durations as objectives read: {@code 26h}, {@code 3d 4h}, {@code 12m}, {@code 40s}. */
public final class Durations {
  private Durations() {}

  /** {@code ms} milliseconds in at most two units. */
  public static String text(long ms) {
    Duration d = Duration.ofMillis(ms);
    long days = d.toDays();
    long hours = d.toHoursPart();
    long minutes = d.toMinutesPart();
    if (days > 0) {
      return days + "d" + (hours > 0 ? " " + hours + "h" : "");
    }
    if (hours > 0) {
      return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
    }
    if (minutes > 0) {
      return minutes + "m" + (d.toSecondsPart() > 0 ? " " + d.toSecondsPart() + "s" : "");
    }
    return String.format(Locale.ROOT, "%ds", d.toSeconds());
  }
}
