package dev.runbook.activities.config;

import java.time.Duration;

/**
 * One entry of the {@code schedules:} section: a runbook that Temporal starts on a calendar or an
 * interval, applied as a Temporal Schedule by {@code runbook schedules apply} and {@code runbook up}.
 * The defaults are stated here once; see {@code docs/schedules.md}.
 *
 * @param name the schedule's name, unique; its Temporal schedule id is {@code runbook-<name>}
 * @param runbook the runbook kind it starts, one of {@link ScheduledRunbook}
 * @param instance the instance the run works on, for the runbooks that take one
 * @param mirror the mirror a {@code mirror-check} looks at; every mirror when absent
 * @param cron a 5-field cron expression (minute hour day-of-month month day-of-week); this or {@code every}
 * @param every an interval, for example {@code 6h}; this or {@code cron}
 * @param timeZone the IANA time zone {@code cron} is read in; {@code UTC} when absent
 * @param jitter a random delay of up to this much before each start; none when absent
 * @param catchupWindow how late a start missed while the server was down may still happen; 1 hour when absent
 * @param paused the state the schedule is created in, and put in again when this value changes; false when absent
 * @param note why it is paused (or anything an operator should read), shown by {@code runbook schedules list}
 */
public record ScheduleConfig(String name, String runbook, String instance, String mirror, String cron, Duration every,
                             String timeZone, Duration jitter, Duration catchupWindow, Boolean paused, String note) {
  /** The time zone when none is given. */
  public static final String DEFAULT_TIME_ZONE = "UTC";
  /** The catch-up window when none is given. */
  public static final Duration DEFAULT_CATCHUP_WINDOW = Duration.ofHours(1);

  public ScheduleConfig {
    timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
    jitter = jitter == null ? Duration.ZERO : jitter;
    catchupWindow = catchupWindow == null ? DEFAULT_CATCHUP_WINDOW : catchupWindow;
    paused = paused != null && paused;
  }

  /** The instance or mirror the run works on, or null when it works on every host or mirror. */
  public String subject() {
    return instance != null ? instance : mirror;
  }
}
