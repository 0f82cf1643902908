package dev.runbook.workflows.bitbucket;

import java.time.Duration;

/**
 * Waiting for Bitbucket's {@code /status}.
 *
 * @param instance the instance
 * @param running true: until it answers RUNNING; false: until it no longer does (other states and a
 *     refused connection count as not running)
 * @param timeout how long to wait
 */
public record StatusWait(String instance, boolean running, Duration timeout) {}
