package dev.runbook.workflows.check;

/**
 * One Bitbucket Mesh node as the health check found it.
 *
 * @param name the node's name
 * @param host the host runbook.yaml runs it on; null when Bitbucket registers it but runbook.yaml does not
 *     configure it
 * @param state the state Bitbucket reports (AVAILABLE, OFFLINE, DRAINING, DISABLED, DELETING),
 *     {@link #NOT_REGISTERED} when Bitbucket does not list it, or null when Bitbucket's list could not be read
 * @param rpcUrl the RPC URL Bitbucket registered it under, or null
 */
public record MeshNodeCheck(String name, String host, String state, String rpcUrl) {
  /** The state of a configured node Bitbucket does not list. */
  public static final String NOT_REGISTERED = "NOT REGISTERED";
}
