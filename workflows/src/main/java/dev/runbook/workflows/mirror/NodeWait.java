package dev.runbook.workflows.mirror;

/**
 * Outcome of {@link MirrorActivities#awaitNodeRunning}: a timeout is an answer, not a failure.
 *
 * @param asked false when the node has no URL to ask: nothing was waited for
 * @param running the node answered RUNNING at its own URL
 * @param detail what the wait saw, in words
 */
public record NodeWait(boolean asked, boolean running, String detail) {}
