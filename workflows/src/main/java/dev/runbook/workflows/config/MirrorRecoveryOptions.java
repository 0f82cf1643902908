package dev.runbook.workflows.config;

import dev.runbook.workflows.approval.ApprovalPolicy;
import java.time.Duration;

/**
 * How a mirror's health is judged and how its recovery runs, resolved from its configuration.
 *
 * @param requireApproval a second person must approve before the recovery changes anything
 * @param approvalTimeout how long to wait for that approval
 * @param installTimeout how long the mirror may take to report INSTALLED after the accept
 * @param syncTimeout how long synchronization may take to reach every repository
 * @param staleAfter a primary record not seen for longer than this is stale
 * @param pollInterval the pause between two looks at the mirror while waiting
 * @param approvals how requests and decisions are trusted; null (runs resolved before signed approvals) is named
 */
public record MirrorRecoveryOptions(boolean requireApproval, Duration approvalTimeout, Duration installTimeout,
                                    Duration syncTimeout, Duration staleAfter, Duration pollInterval,
                                    ApprovalPolicy approvals) {
  /** Options with named approvals. */
  public MirrorRecoveryOptions(boolean requireApproval, Duration approvalTimeout, Duration installTimeout,
                               Duration syncTimeout, Duration staleAfter, Duration pollInterval) {
    this(requireApproval, approvalTimeout, installTimeout, syncTimeout, staleAfter, pollInterval, null);
  }
}
