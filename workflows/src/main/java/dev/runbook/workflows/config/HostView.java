package dev.runbook.workflows.config;

/**
 * A host as workflows see it: enough to route a step, nothing secret.
 *
 * @param name the host's name in the configuration
 * @param mode how steps reach it
 * @param taskQueue the queue its agent polls ({@code runbook-host-<name>}); for SSH hosts, the queue the
 *     control worker would serve it on
 * @param roles what the instance uses it for, for example {@code node node1}, {@code home}, {@code database}
 */
public record HostView(String name, HostMode mode, String taskQueue, java.util.List<String> roles) {}
