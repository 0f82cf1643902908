package dev.runbook.workflows.host;

/**
 * A request about an instance's data on one host.
 *
 * @param host the host expected to run it (the home host)
 * @param instance the instance
 * @param flag for the integrity-check flag: its new value; else false
 */
public record InstanceHostRequest(String host, String instance, boolean flag) {}
