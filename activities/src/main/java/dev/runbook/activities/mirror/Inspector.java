package dev.runbook.activities.mirror;

import dev.runbook.activities.bitbucket.BitbucketException;
import dev.runbook.activities.bitbucket.MirroringClient.MirrorServer;
import dev.runbook.activities.bitbucket.MirroringClient.Upstream;
import dev.runbook.workflows.mirror.MirrorInspection;
import dev.runbook.activities.bitbucket.MirroringClient;
import dev.runbook.activities.config.MirrorConfig;
import dev.runbook.workflows.mirror.MirrorInspection.FarmNode;
import dev.runbook.workflows.mirror.MirrorInspection.NodeCheck;
import dev.runbook.workflows.mirror.MirrorInspection.PendingRequest;
import dev.runbook.workflows.mirror.MirrorInspection.PrimaryRecord;
import dev.runbook.workflows.mirror.MirrorInspection.SyncProgress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One look at a mirror and its primary. Each side is read on its own, so an unreachable mirror still
 * shows the primary's record and the other way round; failures become evidence, not exceptions.
 */
final class Inspector {
  private final MirrorLink link;

  Inspector(MirrorLink link) {
    this.link = link;
  }

  MirrorInspection inspect(String knownId) {
    Instant now = Instant.now();
    String mirrorError = null;
    String version = null;
    String state = null;
    SyncProgress progress = null;
    List<FarmNode> nodes = List.of();
    try {
      version = link.client.mirrorVersion();
      Optional<Upstream> upstream = link.client.upstream(version);
      if (upstream.isPresent()) {
        state = upstream.get().state();
        progress = link.client.progress(version, upstream.get());
        nodes = link.client.farmNodes(version, upstream.get());
      }
    } catch (BitbucketException e) {
      mirrorError = e.getMessage();
    }
    String primaryError = null;
    List<MirrorServer> servers = List.of();
    List<PendingRequest> pendingAll = List.of();
    try {
      servers = link.client.mirrorServers();
      pendingAll = link.client.requests("PENDING");
    } catch (BitbucketException e) {
      primaryError = e.getMessage();
    }
    String id = link.id(knownId, servers);
    PrimaryRecord record = link.record(id, servers).map(s -> record(s, now)).orElse(null);
    String mine = id;
    List<PendingRequest> pending = pendingAll.stream().filter(r -> link.mine(r, mine)).toList();
    if (id == null && !pending.isEmpty()) {
      id = pending.get(pending.size() - 1).mirrorId();
    }
    return new MirrorInspection(link.config.name(), link.config.baseUrl(), mirrorError, version, state, id,
        primaryError, record, pending, pendingAll.size() - pending.size(), progress, nodes, now, nodeChecks(version));
  }

  /** Each configured node with a URL, asked directly: a farm's URL answers while any one node runs. */
  private List<NodeCheck> nodeChecks(String version) {
    List<NodeCheck> checks = new ArrayList<>();
    for (MirrorConfig.MirrorNode n : link.config.nodes()) {
      if (n.url() == null) {
        continue;
      }
      MirroringClient node = link.node(n.url());
      String status = null;
      try {
        status = node.mirrorStatus();
        String v = version != null ? version : node.mirrorVersion();
        String state = node.upstream(v).map(Upstream::state).orElse(null);
        checks.add(new NodeCheck(n.name(), n.url(), status, state, null));
      } catch (BitbucketException e) {
        checks.add(new NodeCheck(n.name(), n.url(), status, null, e.getMessage()));
      }
    }
    return checks;
  }

  private static PrimaryRecord record(MirrorServer s, Instant now) {
    Instant seen = s.lastSeenDate() == null ? null : Instant.ofEpochMilli(s.lastSeenDate());
    long age = seen == null ? -1 : Math.max(0, now.getEpochSecond() - seen.getEpochSecond());
    return new PrimaryRecord(s.id(), s.name(), s.baseUrl(), s.enabled(), seen, age, s.mirrorType());
  }
}
