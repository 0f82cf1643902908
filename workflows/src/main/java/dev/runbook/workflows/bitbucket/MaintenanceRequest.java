package dev.runbook.workflows.bitbucket;

import java.time.Duration;

/**
 * A call within a maintenance session.
 *
 * @param instance the instance
 * @param lock the session's tokens
 * @param percentage for progress reports, 0 to 100; else 0
 * @param drainTimeout for the drain wait: how long Bitbucket may take; else null
 */
public record MaintenanceRequest(String instance, MaintenanceLock lock, int percentage, Duration drainTimeout) {
  public static MaintenanceRequest of(String instance, MaintenanceLock lock) {
    return new MaintenanceRequest(instance, lock, 0, null);
  }
}
