package dev.runbook.activities.config;

import java.time.Duration;

/**
 * How a mirror's health is judged and how its recovery runs.
 *
 * @param requireApproval a second person must approve before the recovery changes anything; true when absent
 * @param approvalTimeout how long the recovery waits for approval before ending with nothing changed; 4 h when absent
 * @param installTimeout how long the mirror may take to report INSTALLED after its request is accepted; 10 min when absent
 * @param syncTimeout how long synchronization may take to reach every repository; 1 h when absent
 * @param staleAfter a primary record whose {@code lastSeenDate} is older than this counts as stale; 15 min when absent
 * @param pollInterval the pause between two looks at the mirror while waiting; 10 s when absent
 */
public record MirrorRecoveryConfig(Boolean requireApproval, Duration approvalTimeout, Duration installTimeout,
                                   Duration syncTimeout, Duration staleAfter, Duration pollInterval) {
  public MirrorRecoveryConfig {
    requireApproval = requireApproval == null || requireApproval;
    approvalTimeout = approvalTimeout == null ? Duration.ofHours(4) : approvalTimeout;
    installTimeout = installTimeout == null ? Duration.ofMinutes(10) : installTimeout;
    syncTimeout = syncTimeout == null ? Duration.ofHours(1) : syncTimeout;
    staleAfter = staleAfter == null ? Duration.ofMinutes(15) : staleAfter;
    pollInterval = pollInterval == null ? Duration.ofSeconds(10) : pollInterval;
  }

  /** The defaults. */
  public static MirrorRecoveryConfig defaults() {
    return new MirrorRecoveryConfig(null, null, null, null, null, null);
  }
}
