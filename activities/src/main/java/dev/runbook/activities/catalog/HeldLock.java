package dev.runbook.activities.catalog;

import java.time.Instant;

/**
 * A Bitbucket maintenance lock recorded as held by a run ({@code maintenance_locks}).
 *
 * @param instance the locked instance
 * @param runId the run that took it
 * @param workflowId that run's workflow id
 * @param unlockToken releases this one maintenance session; never printed
 * @param lockedAt when it was taken
 */
public record HeldLock(String instance, String runId, String workflowId, String unlockToken, Instant lockedAt) {
  @Override
  public String toString() {
    return "HeldLock[" + instance + " by run " + runId + " since " + lockedAt + ", token hidden]";
  }
}
