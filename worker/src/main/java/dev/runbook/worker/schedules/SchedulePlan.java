package dev.runbook.worker.schedules;

import dev.runbook.activities.config.ScheduleConfig;
import dev.runbook.worker.schedules.ScheduleChange.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** The difference between the file's schedules and those in Temporal, computed without talking to Temporal. */
public final class SchedulePlan {
  /**
   * A schedule found in Temporal under a name the file uses or with runbook's marks.
   *
   * @param owned true when it carries both of runbook's marks ({@link ScheduleSpecs})
   * @param declaration what it was last applied from; empty when it is not runbook's
   */
  public record Existing(boolean owned, Map<String, String> declaration) {}

  private SchedulePlan() {}

  /**
   * One change per schedule: the file's entries in order, then the owned schedules the file no longer has.
   *
   * @param existing the schedules in Temporal, by name
   */
  public static List<ScheduleChange> plan(List<ScheduleConfig> desired, Map<String, Existing> existing) {
    List<ScheduleChange> changes = new ArrayList<>();
    for (ScheduleConfig s : desired) {
      Map<String, String> wanted = ScheduleSpecs.declaration(s);
      Existing found = existing.get(s.name());
      if (found == null) {
        changes.add(new ScheduleChange(Op.CREATE, s.name(), describe(wanted)));
      } else if (!found.owned()) {
        changes.add(new ScheduleChange(Op.CONFLICT, s.name(), "schedule " + ScheduleSpecs.id(s.name())
            + " exists and is not runbook's; rename the entry, or delete that schedule"));
      } else if (found.declaration().equals(wanted)) {
        changes.add(new ScheduleChange(Op.UNCHANGED, s.name(), ""));
      } else {
        changes.add(new ScheduleChange(Op.UPDATE, s.name(), differences(found.declaration(), wanted)));
      }
    }
    Set<String> names = desired.stream().map(ScheduleConfig::name).collect(Collectors.toSet());
    existing.forEach((name, found) -> {
      if (found.owned() && !names.contains(name)) {
        changes.add(new ScheduleChange(Op.DELETE, name, "not in the file"));
      }
    });
    return changes;
  }

  /** True when the file's {@code paused} or {@code note} changed, so apply sets the schedule's state again. */
  static boolean stateChanged(Map<String, String> before, Map<String, String> after) {
    return !Objects.equals(before.get("paused"), after.get("paused")) || !Objects.equals(before.get("note"), after.get("note"));
  }

  /** {@code runbook=backup, instance=prod, cron='0 2 * * *', ...}: the settings of a new schedule. */
  static String describe(Map<String, String> declaration) {
    return declaration.entrySet().stream().map(e -> e.getKey() + " " + quote(e.getValue())).collect(Collectors.joining(", "));
  }

  private static String differences(Map<String, String> before, Map<String, String> after) {
    Set<String> keys = new LinkedHashSet<>(after.keySet());
    keys.addAll(before.keySet());
    return keys.stream().filter(k -> !Objects.equals(before.get(k), after.get(k)))
        .map(k -> k + " " + quote(before.get(k)) + " -> " + quote(after.get(k)))
        .collect(Collectors.joining(", "));
  }

  private static String quote(String value) {
    return value == null ? "(none)" : value.contains(" ") ? "'" + value + "'" : value;
  }
}
