package dev.runbook.activities.host;

import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.approval.ApprovalProof;
import dev.runbook.workflows.approval.SignedApprovals;
import dev.runbook.workflows.approval.SshSignature.SignatureException;
import dev.runbook.workflows.restore.RestoreWorkflow;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's own check before a restore replaces data: whoever reaches the Temporal endpoint can run a worker
 * that answers for a workflow, so with {@code approval: signed} in this process's configuration the agent
 * verifies the signed request and approval itself, with the approvers' keys of its own configuration, against
 * the run that scheduled the step (from Temporal, not from the input).
 */
public final class ApprovalCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ApprovalCheck.class);

  private ApprovalCheck() {}

  /**
   * Refuses (non-retryable {@code ApprovalRefused}) a restore step of {@code in} whose proof does not hold; does
   * nothing under {@code approval: named}.
   *
   * @param point the restore point the step restores
   * @param replace whether the step may replace an existing database; null when it does not say
   */
  public static void requireRestore(HostContext host, InstanceConfig in, ApprovalProof proof, String point,
                                    Boolean replace) {
    RunbookConfig config = ConfigActivitiesImpl.current(host.config());
    if (!config.approvalPolicy().signed()) {
      return;
    }
    ActivityInfo info = Activity.getExecutionContext().getInfo();
    try {
      String who = SignedApprovals.verifyProof(config.approvers(), proof, in.restore().requireApproval(),
          RestoreWorkflow.KIND, in.name(), point, replace, info.getWorkflowId(), info.getRunId());
      LOG.info("restore of {} to {} in run {}: {}", in.name(), point, info.getRunId(), who);
    } catch (SignatureException e) {
      throw ApplicationFailure.newNonRetryableFailure("host " + host.hostName() + " refuses to restore " + in.name()
          + ": " + e.getMessage(), FailureTypes.APPROVAL_REFUSED);
    }
  }
}
