package dev.runbook.workflows.mirror;

import java.time.Duration;

/**
 * Input of {@link MirrorActivities#awaitNodeRunning}.
 *
 * @param mirror the mirror's name
 * @param node the node's name
 * @param timeout how long the node may take to answer RUNNING at its own URL
 * @param pollInterval the pause between two looks
 */
public record NodeWaitCall(String mirror, String node, Duration timeout, Duration pollInterval) {}
