package dev.runbook.activities.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks of the {@code schedules:} section, so a bad schedule is exit 2 with its YAML path and line
 * before anything reaches Temporal (whose own refusal would name neither).
 */
final class ScheduleChecks {
  /** Temporal refuses a shorter catch-up window. */
  private static final Duration MIN_CATCHUP = Duration.ofSeconds(10);
  private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final ConfigValidator v;
  private final RunbookConfig config;

  ScheduleChecks(ConfigValidator v, RunbookConfig config) {
    this.v = v;
    this.config = config;
  }

  void check(List<ScheduleConfig> schedules) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < schedules.size(); i++) {
      schedule("schedules[" + i + "]", schedules.get(i), names);
    }
  }

  private void schedule(String at, ScheduleConfig s, Set<String> names) {
    v.name(at + ".name", s.name(), names, "schedule");
    if (v.require(at + ".runbook", s.runbook())) {
      ScheduledRunbook.of(s.runbook()).ifPresentOrElse(r -> subject(at, s, r),
          () -> v.add(at + ".runbook", ScheduledRunbook.refusal(s.runbook())));
    }
    if ((s.cron() == null) == (s.every() == null)) {
      v.add(at, "give either cron (for example '0 2 * * *') or every (for example 6h), not " + (s.cron() == null ? "neither" : "both"));
    }
    if (s.cron() != null) {
      cron(at + ".cron", s.cron());
    }
    if (s.every() != null && s.every().compareTo(Duration.ofSeconds(1)) < 0) {
      v.add(at + ".every", "must be at least 1s");
    }
    if (!s.timeZone().equals(ScheduleConfig.DEFAULT_TIME_ZONE) && !ZoneId.getAvailableZoneIds().contains(s.timeZone())) {
      v.add(at + ".timeZone", "not an IANA time zone like Europe/Berlin or America/New_York");
    }
    if (s.jitter().isNegative()) {
      v.add(at + ".jitter", "must not be negative");
    }
    if (s.catchupWindow().compareTo(MIN_CATCHUP) < 0) {
      v.add(at + ".catchupWindow", "must be at least 10s: Temporal refuses a shorter one");
    }
  }

  /** The instance or mirror the runbook's input needs, and nothing it would ignore. */
  private void subject(String at, ScheduleConfig s, ScheduledRunbook r) {
    switch (r.subject()) {
      case INSTANCE -> {
        if (v.require(at + ".instance", s.instance())) {
          v.instanceRef(at + ".instance", s.instance(), true);
        }
        unused(at + ".mirror", s.mirror(), r);
      }
      case MIRROR -> {
        if (s.mirror() != null && config.mirror(s.mirror()).isEmpty()) {
          v.add(at + ".mirror", "no mirror named '" + s.mirror() + "' in mirrors");
        }
        unused(at + ".instance", s.instance(), r);
      }
      case NONE -> {
        unused(at + ".instance", s.instance(), r);
        unused(at + ".mirror", s.mirror(), r);
      }
    }
  }

  private void unused(String path, String value, ScheduledRunbook r) {
    if (value != null) {
      v.add(path, "not used by " + r.kind() + "; remove it");
    }
  }

  private void cron(String path, String expression) {
    String trimmed = expression.trim();
    if (trimmed.split("\\s+").length != 5) {
      v.add(path, "not a 5-field cron expression (minute hour day-of-month month day-of-week), for example '0 2 * * *'");
      return;
    }
    try {
      CRON.parse(trimmed).validate();
    } catch (IllegalArgumentException e) {
      v.add(path, "not a valid cron expression: " + e.getMessage());
    }
  }
}
