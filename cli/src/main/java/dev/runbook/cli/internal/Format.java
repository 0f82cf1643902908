package dev.runbook.cli.internal;

import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** How times, durations, steps and tables look in the terminal. Times are UTC, marked with Z. */
public final class Format {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Format() {}

  public static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  public static String dateTime(Instant t) {
    return t == null ? "-" : DATE_TIME.format(t);
  }

  /** {@code 0.042 s}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 1 h 02 min}. */
  public static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
  }

  /** The outcome word: {@code ok}, {@code FAILED}, {@code skipped}, {@code running}. */
  public static String outcome(StepOutcome o) {
    return o == StepOutcome.FAILED ? "FAILED" : o.name().toLowerCase(Locale.ROOT);
  }

  /** Prints a step timeline: start, duration, outcome, host, step and detail, one line each. */
  public static void timeline(List<StepView> steps, PrintWriter out) {
    Table t = new Table("#", "START", "DURATION", "OUTCOME", "HOST", "STEP", "DETAIL");
    for (StepView s : steps) {
      t.row(Integer.toString(s.seq()), time(s.startedAt()), duration(s.duration()), outcome(s.outcome()),
          s.host() == null ? "-" : s.host(), s.name(), s.detail() == null ? "" : s.detail());
    }
    t.print(out, "  ");
  }
}
