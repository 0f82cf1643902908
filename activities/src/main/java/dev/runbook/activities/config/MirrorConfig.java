package dev.runbook.activities.config;

import java.util.List;
import java.util.Optional;

/**
 * A Bitbucket Smart Mirror (or mirror farm) this configuration watches and recovers. See
 * {@code docs/runbooks/mirror.md}.
 *
 * @param name lower-case letters, digits and '-'; unique among mirrors and instances (its services are
 *     addressed by this name)
 * @param primary the instance (from {@code instances}) the mirror mirrors: its REST API and admin credentials
 *     reach the primary's mirror records and authorization requests
 * @param baseUrl the mirror's URL (a farm's one URL), for example {@code https://mirror-eu.example.com}
 * @param username an admin account on the mirror
 * @param password its password by reference ({@code env:NAME} or {@code file:/path})
 * @param mirrorId the mirror's id as the primary lists it, for example {@code B0F5-CS21-45C2-CCK3}; when absent,
 *     the record whose {@code baseUrl} equals the mirror's is taken
 * @param nodes the mirror's nodes and their hosts, used to restart its service one node at a time and, with a
 *     {@code url}, to check each node; none when absent (then the recovery cannot restart it and says so)
 * @param services how the mirror service is stopped and started; systemd with {@code atlbitbucket} when absent,
 *     or when systemd is given without units or with Bitbucket's two default units (a mirror has no bundled search)
 * @param restoreInstance an instance whose restore points hold this mirror's backups; the recovery's last
 *     fallback restores its newest complete point taken before the mirror broke. None when absent.
 * @param autoRecover {@code runbook mirror check} starts the recovery when it finds the mirror REMOVED; false
 *     when absent. Approval rules still apply.
 * @param recovery timeouts and approval of the recovery
 */
public record MirrorConfig(String name, String primary, String baseUrl, String username, SecretRef password,
                           String mirrorId, List<MirrorNode> nodes, ServicesConfig services,
                           String restoreInstance, Boolean autoRecover, MirrorRecoveryConfig recovery) {
  /** A mirror's one service, as its installer names it. */
  public static final List<String> DEFAULT_UNITS = List.of("atlbitbucket");

  public MirrorConfig {
    nodes = nodes == null ? List.of() : nodes;
    // A mirror has no bundled search: systemd without units means the mirror's one unit, not Bitbucket's two.
    services = services == null || services.equals(ServicesConfig.defaults()) ? new ServicesConfig.Systemd(DEFAULT_UNITS)
        : services;
    autoRecover = autoRecover != null && autoRecover;
    recovery = recovery == null ? MirrorRecoveryConfig.defaults() : recovery;
  }

  /** The node called {@code name}. */
  public Optional<MirrorNode> node(String name) {
    return nodes.stream().filter(n -> name.equals(n.name())).findFirst();
  }

  /**
   * A node of the mirror (one for a single mirror, several for a farm).
   *
   * @param name lower-case letters, digits and '-'
   * @param host the host (from {@code hosts}) it runs on; its service steps run there
   * @param url the node's own URL, bypassing the farm's load balancer, for example {@code http://10.0.0.5:7990};
   *     optional. With it, a check asks this node for its {@code /status} and upstream state.
   */
  public record MirrorNode(String name, String host, String url) {
    /** The node as a service step addresses it. */
    public InstanceConfig.NodeConfig asNode() {
      return new InstanceConfig.NodeConfig(name, host);
    }
  }
}
