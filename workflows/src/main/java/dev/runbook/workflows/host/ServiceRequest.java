package dev.runbook.workflows.host;

/**
 * Input of the service activities: names only. The host's agent (or the control worker, for SSH
 * hosts) looks up the provider, units or scripts in its own configuration and refuses a node that
 * does not run on its host.
 *
 * @param host the host expected to run the step
 * @param instance the instance
 * @param node the node whose services to act on
 */
public record ServiceRequest(String host, String instance, String node) {}
