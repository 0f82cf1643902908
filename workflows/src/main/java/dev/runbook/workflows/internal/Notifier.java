package dev.runbook.workflows.internal;

import dev.runbook.workflows.notify.ApprovalNotice;
import dev.runbook.workflows.notify.Notification;
import dev.runbook.workflows.notify.NotifyActivities;
import dev.runbook.workflows.run.Failures;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Sends a runbook's notifications from workflow code; a notification never fails the run. */
public final class Notifier {
  private final NotifyActivities notify = ControlStub.of(NotifyActivities.class, ControlSteps.NOTIFY);
  private final String kind;

  /** A notifier for runs of {@code kind} (backup, restore, ...). */
  public Notifier(String kind) {
    this.kind = kind;
  }

  /**
   * Notifies the webhooks about this run, even when the run is being cancelled; returns what could
   * not be delivered as warnings instead of failing.
   */
  public List<String> tell(String instance, String status, String text) {
    List<String> warnings = new ArrayList<>();
    Workflow.newDetachedCancellationScope(() -> {
      try {
        var r = notify.notify(new Notification(instance, kind, Workflow.getInfo().getRunId(), status, text));
        r.failures().forEach(f -> warnings.add("notification: " + f));
      } catch (TemporalFailure e) {
        warnings.add("notification: " + Failures.describe(e));
      }
    }).run();
    return warnings;
  }

  /**
   * Tells the webhooks how an approval wait ended (or that it began), even when the run is being
   * cancelled; an undeliverable message never fails the run.
   */
  public void approval(ApprovalNotice notice) {
    Workflow.newDetachedCancellationScope(() -> {
      try {
        notify.approval(notice);
      } catch (TemporalFailure e) {
        // The activity reports undeliverable webhooks itself; a failure here only means it could not run.
      }
    }).run();
  }

  /**
   * Starts telling the webhooks that a run waits for approval, without waiting for the delivery, so the
   * wait (and the deadline the message names) starts at once.
   */
  public Promise<Void> approvalStarted(ApprovalNotice notice) {
    return Async.procedure(() -> approval(notice));
  }
}
