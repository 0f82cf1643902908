package dev.runbook.workflows.config;

import java.util.List;

/**
 * An instance of the configuration resolved for a workflow. It holds no secrets and no secret
 * references: activities that need credentials look them up themselves from the instance name.
 *
 * @param name the instance name
 * @param bitbucketUrl the base URL of the instance's Bitbucket
 * @param mode zero-downtime or locked backups
 * @param nodes the Bitbucket nodes in configuration order
 * @param hosts every host the instance uses (nodes, home, database), each once, in configuration order
 * @param homeProvider the home snapshot provider's name, for example {@code btrfs}
 * @param databaseProvider the database provider's name, for example {@code postgresql}
 * @param retention how many complete restore points to keep
 * @param homeHost the host that owns the home mounts
 * @param databaseHost the host where database steps run
 * @param drainTimeout locked mode: how long Bitbucket may take to drain before the backup gives up
 * @param restore how restores run
 * @param homePointInTime whether the home provider snapshots every mount at one point in time, as
 *     zero-downtime backups need (the provider says so, not its name); null in runs recorded before
 *     this was resolved, when configuration validation alone refused such providers
 * @param backupDeadline how long a backup may run once it has read this; null (runs recorded before there was
 *     one) means none
 * @param mesh the instance's Bitbucket Mesh nodes in configuration order; empty when it has none (and in runs
 *     recorded before Mesh was known)
 */
public record ResolvedInstance(String name, String bitbucketUrl, BackupMode mode, List<NodeView> nodes,
                               List<HostView> hosts, String homeProvider, String databaseProvider, int retention,
                               String homeHost, String databaseHost, java.time.Duration drainTimeout,
                               RestoreOptions restore, Boolean homePointInTime, java.time.Duration backupDeadline,
                               List<MeshView> mesh) {
  public ResolvedInstance {
    mesh = mesh == null ? List.of() : List.copyOf(mesh);
  }

  /** An instance without Mesh nodes. */
  public ResolvedInstance(String name, String bitbucketUrl, BackupMode mode, List<NodeView> nodes,
                          List<HostView> hosts, String homeProvider, String databaseProvider, int retention,
                          String homeHost, String databaseHost, java.time.Duration drainTimeout,
                          RestoreOptions restore, Boolean homePointInTime, java.time.Duration backupDeadline) {
    this(name, bitbucketUrl, mode, nodes, hosts, homeProvider, databaseProvider, retention, homeHost, databaseHost,
        drainTimeout, restore, homePointInTime, backupDeadline, List.of());
  }

  /** The host called {@code name} among {@link #hosts}. */
  public HostView host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in instance " + this.name));
  }

  /** False only when the home provider said its snapshot is not one point in time. */
  public boolean homeSnapshotIsPointInTime() {
    return !Boolean.FALSE.equals(homePointInTime);
  }

  /** A Bitbucket node and the host it runs on. */
  public record NodeView(String name, String host) {}

  /**
   * A Bitbucket Mesh node: its own service and home on its own host.
   *
   * @param name its name as Bitbucket registered it
   * @param host the host its home and service steps run on
   * @param rpcPort the port it serves Bitbucket's RPC on (7777 unless configured)
   * @param homeProvider its home's snapshot provider, for example {@code btrfs}
   * @param homePointInTime whether that provider snapshots every mount at one point in time
   */
  public record MeshView(String name, String host, int rpcPort, String homeProvider, boolean homePointInTime) {}
}
