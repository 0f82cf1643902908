package dev.runbook.workflows.bitbucket;

/**
 * Bitbucket's maintenance lock held for a locked-mode backup. The tokens only unlock, cancel and
 * report progress for this one maintenance session; they are kept in the workflow so the unlock
 * holds even when the worker that locked is gone, and are never printed.
 *
 * @param unlockToken from {@code POST /mvc/maintenance/lock}
 * @param cancelToken from {@code POST /mvc/admin/backups?external=true}
 */
public record MaintenanceLock(String unlockToken, String cancelToken) {
  @Override
  public String toString() {
    return "MaintenanceLock[tokens hidden]";
  }
}
