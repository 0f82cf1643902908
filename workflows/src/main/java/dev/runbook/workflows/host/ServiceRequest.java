package dev.runbook.workflows.host;

/**
 * Input of the service activities: names only. The host's agent (or the control worker, for SSH
 * hosts) looks up the provider, units or scripts in its own configuration and refuses a node that
 * does not run on its host.
 *
 * @param host the host expected to run the step
 * @param instance the instance
 * @param node the node whose services to act on
 * @param mesh true when {@code node} is one of the instance's Bitbucket Mesh nodes, whose service is configured
 *     with the node ({@code mesh[].services}); null or false for a Bitbucket node
 */
public record ServiceRequest(String host, String instance, String node, Boolean mesh) {
  /** A request about a Bitbucket node. */
  public ServiceRequest(String host, String instance, String node) {
    this(host, instance, node, null);
  }

  /** A request about Mesh node {@code node}. */
  public static ServiceRequest mesh(String host, String instance, String node) {
    return new ServiceRequest(host, instance, node, true);
  }

  /** True for a Mesh node. */
  public boolean isMesh() {
    return Boolean.TRUE.equals(mesh);
  }
}
