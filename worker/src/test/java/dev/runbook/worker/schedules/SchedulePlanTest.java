package dev.runbook.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.worker.schedules.SchedulePlan.Existing;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The difference between the file's schedules and Temporal's, without a server. */
class SchedulePlanTest {
  static ScheduleConfig backup(String name, String cron, Boolean paused, String note) {
    return new ScheduleConfig(name, "backup", "prod", null, cron, null, null, null, null, paused, note);
  }

  @Test
  void createsUpdatesDeletesOnlyWhatRunbookOwns() {
    ScheduleConfig same = backup("same", "0 2 * * *", null, null);
    ScheduleConfig changed = backup("changed", "0 3 * * *", null, null);
    ScheduleConfig fresh = backup("fresh", "0 4 * * *", null, null);
    ScheduleConfig taken = backup("taken", "0 5 * * *", null, null);
    Map<String, Existing> existing = new LinkedHashMap<>();
    existing.put("same", new Existing(true, ScheduleSpecs.declaration(same)));
    existing.put("changed", new Existing(true, ScheduleSpecs.declaration(backup("changed", "0 2 * * *", null, null))));
    existing.put("taken", new Existing(false, Map.of()));
    existing.put("gone", new Existing(true, ScheduleSpecs.declaration(backup("gone", "0 1 * * *", null, null))));
    existing.put("someone-elses", new Existing(false, Map.of()));
    // Applied when a backup had a 24 h run timeout on the server (the declaration did not name it).
    ScheduleConfig older = backup("older", "0 6 * * *", null, null);
    Map<String, String> before = new LinkedHashMap<>(ScheduleSpecs.declaration(older));
    before.remove("runTimeout");
    existing.put("older", new Existing(true, before));

    List<String> lines = SchedulePlan.plan(List.of(same, changed, fresh, taken, older), existing).stream().map(ScheduleChange::line).toList();

    assertThat(lines).containsExactly(
        "= same",
        "~ changed: cron '0 2 * * *' -> '0 3 * * *'",
        "+ fresh: runbook backup, instance prod, cron '0 4 * * *', timeZone UTC, jitter PT0S, catchupWindow PT1H, paused false,"
            + " runTimeout kept-by-the-run",
        "! taken: schedule runbook-taken exists and is not runbook's; rename the entry, or delete that schedule",
        "~ older: runTimeout (none) -> kept-by-the-run",
        "- gone: not in the file");
  }

  @Test
  void theStateIsSetAgainOnlyWhenTheFilesPausedOrNoteChanged() {
    Map<String, String> before = ScheduleSpecs.declaration(backup("n", "0 2 * * *", false, null));
    assertThat(SchedulePlan.stateChanged(before, ScheduleSpecs.declaration(backup("n", "0 3 * * *", false, null)))).isFalse();
    assertThat(SchedulePlan.stateChanged(before, ScheduleSpecs.declaration(backup("n", "0 2 * * *", true, null)))).isTrue();
    assertThat(SchedulePlan.stateChanged(before, ScheduleSpecs.declaration(backup("n", "0 2 * * *", false, "why")))).isTrue();
  }

  @Test
  void anIntervalIsPrintedAsTheFileGaveIt() {
    ScheduleConfig every = new ScheduleConfig("often", "check", "prod", null, null, Duration.ofSeconds(2), null, null, null,
        null, null);
    ScheduleView view = new ScheduleView("often", ScheduleSpecs.declaration(every), false, "", List.of(), null, 0, 0);
    assertThat(view.when()).isEqualTo("every 2s");
    assertThat(view.what()).isEqualTo("check of prod");
  }
}
