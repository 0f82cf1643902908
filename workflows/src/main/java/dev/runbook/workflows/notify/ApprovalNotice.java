package dev.runbook.workflows.notify;

import java.time.Instant;

/**
 * A message to the instance's notification targets about a run's approval: that it waits for a
 * second person, or how the wait ended. The activity adds what workflow code cannot know, such as
 * the Temporal UI's address.
 *
 * @param instance the instance whose notification targets get the message (for a mirror, its primary)
 * @param runbook the runbook kind, for example {@code restore}
 * @param subject the instance or mirror the run works on
 * @param runId the run
 * @param workflowId the run's workflow id, which {@code runbook approve} takes
 * @param event what happened, see {@link Event}
 * @param plan what the run will do once approved, in a few lines
 * @param requester who asked for the run; they cannot approve it
 * @param deadline until when the run waits
 * @param decidedBy who approved or rejected it; null while waiting and on timeout
 * @param reason the reason given with the decision; null while waiting and on timeout
 */
public record ApprovalNotice(String instance, String runbook, String subject, String runId, String workflowId, Event event,
                             String plan, String requester, Instant deadline, String decidedBy, String reason) {
  /** The moments a run's approval is announced. */
  public enum Event {
    /** The run started waiting for a second person. */
    WAITING,
    /** A second person approved it. */
    APPROVED,
    /** Someone rejected it. */
    REJECTED,
    /** Nobody decided before the deadline. */
    TIMED_OUT
  }

  /** The same notice for a later moment of the wait. */
  public ApprovalNotice then(Event next, String by, String why) {
    return new ApprovalNotice(instance, runbook, subject, runId, workflowId, next, plan, requester, deadline, by, why);
  }
}
