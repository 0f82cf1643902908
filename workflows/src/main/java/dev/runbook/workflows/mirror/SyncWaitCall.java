package dev.runbook.workflows.mirror;

import java.time.Duration;

/**
 * Input of {@link MirrorActivities#awaitSynchronized}.
 *
 * @param mirror the mirror's name
 * @param installTimeout how long the mirror may take to report INSTALLED
 * @param syncTimeout how long synchronization may take after that
 * @param pollInterval the pause between two looks
 */
public record SyncWaitCall(String mirror, Duration installTimeout, Duration syncTimeout, Duration pollInterval) {}
