package dev.runbook.workflows.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Posts run outcomes to the instance's webhooks. Never fails: undeliverable webhooks are reported in the result. */
@ActivityInterface
public interface NotifyActivities {
  @ActivityMethod(name = "Notify")
  NotifyResult notify(Notification notification);

  /** Tells the instance's webhooks that a run waits for approval, or how the wait ended; never fails either. */
  @ActivityMethod(name = "NotifyApproval")
  NotifyResult approval(ApprovalNotice notice);
}
