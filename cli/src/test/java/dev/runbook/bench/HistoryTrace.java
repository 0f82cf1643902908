package dev.runbook.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.util.Locale;

/**
 * With {@code -Dbench.history=true}: the last run's history events on a time line (ms from the run's start as the
 * benchmark took it), to tell the server's dispatch time from the steps' own: when each activity was scheduled,
 * started on a worker and completed, and each workflow task.
 */
final class HistoryTrace {
  static volatile WorkflowExecution last;

  private HistoryTrace() {}

  static void print(WorkflowClient client, WorkflowExecution execution, long startedEpochMs) {
    if (!Boolean.getBoolean("bench.history") || execution == null) {
      return;
    }
    java.util.Map<Long, String> types = new java.util.HashMap<>();
    for (HistoryEvent e : client.fetchHistory(execution.getWorkflowId(), execution.getRunId()).getHistory().getEventsList()) {
      long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000 - startedEpochMs;
      String what = e.getEventType().name().replace("EVENT_TYPE_", "");
      if (e.hasActivityTaskScheduledEventAttributes()) {
        types.put(e.getEventId(), e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        what += " " + types.get(e.getEventId());
      } else if (e.hasActivityTaskStartedEventAttributes()) {
        what += " " + types.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId());
      } else if (e.hasActivityTaskCompletedEventAttributes()) {
        what += " " + types.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
      } else if (e.hasMarkerRecordedEventAttributes()) {
        what += " " + e.getMarkerRecordedEventAttributes().getMarkerName();
      }
      System.out.printf(Locale.ROOT, "    h %5d  #%d %s%n", at, e.getEventId(), what);
    }
  }
}
