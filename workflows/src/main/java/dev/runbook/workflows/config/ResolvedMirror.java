package dev.runbook.workflows.config;

import java.util.List;

/**
 * A mirror of the configuration resolved for a workflow. It holds no secrets and no secret references:
 * mirror activities look the credentials up themselves from the mirror's name.
 *
 * @param name the mirror's name in the configuration
 * @param primary the instance the mirror mirrors
 * @param primaryUrl that instance's base URL
 * @param baseUrl the mirror's URL (a farm's one URL)
 * @param mirrorId the configured mirror id, or null when it is found by base URL
 * @param nodes the mirror's nodes, for service restarts; may be empty
 * @param hosts the hosts those nodes run on, each once
 * @param restoreInstance the instance holding the mirror's backups, or null
 * @param autoRecover a health check starts the recovery when it finds the mirror REMOVED
 * @param recovery how health is judged and how the recovery runs
 */
public record ResolvedMirror(String name, String primary, String primaryUrl, String baseUrl, String mirrorId,
                             List<ResolvedInstance.NodeView> nodes, List<HostView> hosts, String restoreInstance,
                             boolean autoRecover, MirrorRecoveryOptions recovery) {
  /** The host called {@code name} among {@link #hosts}. */
  public HostView host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host " + name + " in mirror " + this.name));
  }
}
