package dev.runbook.activities.catalog;

/**
 * Which runs to list, newest first.
 *
 * @param instance only this instance, or null for all
 * @param runbook only this runbook kind, or null for all
 * @param limit at most this many
 */
public record RunQuery(String instance, String runbook, int limit) {}
