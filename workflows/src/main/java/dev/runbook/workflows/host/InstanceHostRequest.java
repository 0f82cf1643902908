package dev.runbook.workflows.host;

/**
 * A request about an instance's data on one host.
 *
 * @param host the host expected to run it (the home host, or the Mesh node's host)
 * @param instance the instance
 * @param flag for the integrity-check flag: its new value; else false
 * @param mesh the Bitbucket Mesh node whose home the step is about (for the stale git locks only); null for the
 *     instance's shared home
 */
public record InstanceHostRequest(String host, String instance, boolean flag, String mesh) {
  /** A request about the instance's shared home. */
  public InstanceHostRequest(String host, String instance, boolean flag) {
    this(host, instance, flag, null);
  }

  /** A request about the home of Mesh node {@code node}, on {@code host} (the node's host). */
  public static InstanceHostRequest mesh(String host, String instance, String node) {
    return new InstanceHostRequest(host, instance, false, node);
  }
}
