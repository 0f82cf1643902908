package dev.runbook.worker.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One of runbook's schedules as Temporal has it, for {@code runbook schedules list}.
 *
 * @param name its name in the file
 * @param declaration what it was last applied from (runbook, instance, cron or every, ...)
 * @param paused whether it is paused
 * @param note the note of its last pause or unpause, or of the file; empty when none
 * @param nextTimes its next start times
 * @param last its most recent run, or null when it has not started one
 * @param actions how many runs it has started
 * @param skipped how many starts it skipped because its previous run was still going
 */
public record ScheduleView(String name, Map<String, String> declaration, boolean paused, String note,
                           List<Instant> nextTimes, LastRun last, long actions, long skipped) {
  /**
   * A run a schedule started.
   *
   * @param startedAt when it started
   * @param workflowId its workflow id
   * @param runId its run id
   * @param status Temporal's status of it: {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code CANCELED}, ...
   */
  public record LastRun(Instant startedAt, String workflowId, String runId, String status) {}

  /** {@code every 2s} or {@code cron '0 2 * * *' Europe/Berlin}. */
  public String when() {
    String every = declaration.get("every");
    return every != null ? "every " + every.substring(2).toLowerCase(java.util.Locale.ROOT)
        : "cron '" + declaration.get("cron") + "' " + declaration.get("timeZone");
  }

  /** {@code backup of prod}, or the runbook alone when it has no subject. */
  public String what() {
    String subject = declaration.getOrDefault("instance", declaration.get("mirror"));
    return declaration.get("runbook") + (subject == null ? "" : " of " + subject);
  }
}
