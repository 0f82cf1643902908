package dev.runbook.activities.config;

/**
 * A Bitbucket Mesh node of an instance: its own service on its own host, with its own home. Backups
 * snapshot its home under the instance's restore point; restores stop it with Bitbucket's nodes, put
 * its home back and start it before Bitbucket's nodes.
 *
 * @param name the node's name exactly as Bitbucket registered it (Administration, Mesh); backups compare
 *     the two lists and refuse when they differ
 * @param host the host (from {@code hosts}) the node runs on; its home steps and service steps run there
 * @param home its home: {@code mounts} and {@code snapshot} as for the shared home (any home provider);
 *     {@code home.host} may be left out and must otherwise be {@code host}
 * @param services how its service is stopped and started (systemd units or operator scripts, as for
 *     Bitbucket's nodes); required, because the units differ from Bitbucket's
 * @param rpcPort the port the node serves Bitbucket's RPC on; a restore waits until the node accepts
 *     connections on it, from its own host (127.0.0.1), before starting Bitbucket; 7777 when absent
 */
public record MeshNodeConfig(String name, String host, InstanceConfig.HomeConfig home, ServicesConfig services,
                             Integer rpcPort) {
  /** Mesh's default RPC port. */
  public static final int DEFAULT_RPC_PORT = 7777;

  public MeshNodeConfig {
    rpcPort = rpcPort == null ? DEFAULT_RPC_PORT : rpcPort;
    if (home != null && home.host() == null) {
      home = new InstanceConfig.HomeConfig(host, home.mounts(), home.snapshot());
    }
  }
}
