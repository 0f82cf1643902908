package dev.runbook.activities.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code schedules:} section: its defaults and its problems, each with YAML path and line. */
class ScheduleConfigTest {
  private static RunbookConfig parse(String schedules) {
    return ConfigLoader.parse(Path.of("runbook.yaml"), schedules + ConfigLoaderTest.VALID, Optional.empty());
  }

  private static List<String> problems(String schedules) {
    try {
      parse(schedules);
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
  }

  @Test
  void defaultsAreStatedOnce() {
    ScheduleConfig s = parse("schedules:\n  - {name: nightly, runbook: backup, instance: prod, cron: '0 2 * * *'}\n")
        .schedule("nightly").orElseThrow();
    assertThat(s.timeZone()).isEqualTo("UTC");
    assertThat(s.jitter()).isZero();
    assertThat(s.catchupWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(s.paused()).isFalse();
    assertThat(s.note()).isNull();
    assertThat(parse("").schedules()).isEmpty();
  }

  @Test
  void aCompleteEntryIsRead() {
    ScheduleConfig s = parse("""
        schedules:
          - name: hourly-check
            runbook: check
            instance: prod
            every: 1h
            jitter: 30s
            catchupWindow: 5m
            paused: true
            note: waiting for the new file server
          - {name: mirrors, runbook: mirror-check, cron: '*/15 * * * MON-FRI', timeZone: Europe/Berlin}
          - {name: hosts, runbook: hosts, every: 10m}
        """).schedule("hourly-check").orElseThrow();
    assertThat(s.every()).isEqualTo(Duration.ofHours(1));
    assertThat(s.jitter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.paused()).isTrue();
    assertThat(s.subject()).isEqualTo("prod");
  }

  @Test
  void badEntriesAreNamedWithPathAndLine() {
    assertThat(problems("""
        schedules:
          - name: nightly
            runbook: backup
            instance: prod
            cron: '0 25 * * *'
          - name: nightly
            runbook: backup
            instance: staging
            cron: '0 2 * *'
            timeZone: Mars/Olympus
          - name: restore-weekly
            runbook: restore
            instance: prod
            every: 7d
          - name: both
            runbook: check
            instance: prod
            cron: '0 * * * *'
            every: 1h
            catchupWindow: 1s
        """)).containsExactlyInAnyOrder(
        "schedules[0].cron: not a valid cron expression: Failed to parse cron expression. Value 25 not in range [0, 23] (line 5)",
        "schedules[1].name: another schedule is already called 'nightly' (line 6)",
        "schedules[1].instance: no instance named 'staging' in instances (instances: prod) (line 8)",
        "schedules[1].cron: not a 5-field cron expression (minute hour day-of-month month day-of-week), for example '0 2 * * *' (line 9)",
        "schedules[1].timeZone: not an IANA time zone like Europe/Berlin or America/New_York (line 10)",
        "schedules[2].runbook: restore cannot be scheduled: a restore needs a chosen restore point and a second person's "
            + "approval; start it with runbook restore (line 12)",
        "schedules[3]: give either cron (for example '0 2 * * *') or every (for example 6h), not both (line 15)",
        "schedules[3].catchupWindow: must be at least 10s: Temporal refuses a shorter one (line 20)");
  }

  @Test
  void eachRunbookTakesItsOwnSubject() {
    assertThat(problems("""
        schedules:
          - {name: a, runbook: backup, every: 1d}
          - {name: b, runbook: mirror-check, mirror: eu, instance: prod, every: 1h}
          - {name: c, runbook: hosts, instance: prod, every: 1h}
          - {name: d, runbook: mirror-recovery, every: 1h}
          - {name: e, runbook: cleanup, every: 1h}
        """)).containsExactlyInAnyOrder(
        "schedules[0].instance: required (line 2)",
        "schedules[1].mirror: no mirror named 'eu' in mirrors (line 3)",
        "schedules[1].instance: not used by mirror-check; remove it (line 3)",
        "schedules[2].instance: not used by hosts; remove it (line 4)",
        "schedules[3].runbook: mirror-recovery cannot be scheduled: a recovery acts on a diagnosis and waits for approval; "
            + "schedule mirror-check on a mirror with autoRecover: true (line 5)",
        "schedules[4].runbook: unknown runbook 'cleanup'; one of check, backup, prune, verify, mirror-check, hosts (line 6)");
  }
}
