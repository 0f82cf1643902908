package dev.runbook.workflows.sweep;

import java.time.Instant;

/**
 * A Bitbucket maintenance lock recorded as held by a run that is no longer open in Temporal. The
 * token that releases it stays in the catalog: the sweep's activity reads it there, so it is never
 * in this workflow's history.
 *
 * @param instance the locked instance
 * @param runId the run that took it
 * @param lockedAt when it was taken
 * @param why what Temporal says of that run
 */
public record StaleLock(String instance, String runId, Instant lockedAt, String why) {}
