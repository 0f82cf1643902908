package dev.runbook.activities.notify;

import dev.runbook.workflows.notify.ApprovalNotice;
import dev.runbook.workflows.run.RunIds;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The message people get about a run's approval: what waits, for whom, until when, the exact command
 * that decides it and the run's page in the Temporal UI.
 */
final class ApprovalText {
  private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private ApprovalText() {}

  /**
   * The message for {@code n}.
   *
   * @param uiBase the Temporal UI's base URL, or empty when unknown
   * @param namespace the run's namespace, for the UI link
   */
  static String of(ApprovalNotice n, Optional<String> uiBase, String namespace) {
    String what = n.runbook() + " of " + n.subject();
    String run = "run " + RunIds.shortId(n.runId()) + " (workflow " + n.workflowId() + ")";
    String link = uiBase.map(u -> "\nTemporal UI: " + u + "/namespaces/" + namespace + "/workflows/" + n.workflowId()
        + "/" + n.runId()).orElse("");
    return switch (n.event()) {
      case WAITING -> what + " waits for approval by a second person: " + run
          + "\n" + (n.runbook().startsWith("mirror") ? "mirror" : "instance") + ": " + n.subject()
          + "\nplan: " + n.plan()
          + "\nrequested by: " + n.requester() + " (cannot approve it)"
          + "\ndeadline: " + DEADLINE.format(n.deadline()) + "; without a decision nothing is changed"
          + "\napprove: runbook approve " + n.workflowId() + " --as NAME --reason TEXT"
          + "\nreject:  runbook reject " + n.workflowId() + " --as NAME --reason TEXT" + link;
      case APPROVED -> what + " approved by " + n.decidedBy() + ": " + n.reason() + "; it goes on. " + run + link;
      case REJECTED -> what + " rejected by " + n.decidedBy() + ": " + n.reason() + "; nothing was changed. " + run + link;
      case TIMED_OUT -> what + " was not approved by " + DEADLINE.format(n.deadline()) + "; nothing was changed. "
          + run + link;
    };
  }
}
