package dev.runbook.workflows.check;

import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.bitbucket.MeshConnectivity;
import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedInstance.MeshView;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.MeshSteps;
import dev.runbook.workflows.internal.RunRecorder;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Mesh part of the health check. With Mesh nodes configured, it reads Bitbucket's Mesh nodes and its
 * connectivity report in parallel; each configured node must be registered and AVAILABLE, every
 * registered Mesh node (sidecars aside) must be configured, and every link reachable. Without Mesh nodes
 * configured, it reads Bitbucket's list only from Bitbucket 8.0 on, so that a Mesh node nobody configured
 * (whose repositories a backup would miss) is a finding.
 *
 * <p>Levels: what makes a backup refuse or go wrong is UNHEALTHY (a node registered but not configured or
 * configured but not registered, a node list that cannot be read); what impairs Bitbucket's service while
 * runbook can still operate the instance is DEGRADED (a configured, registered node that is not AVAILABLE, an
 * unreachable link, a connectivity report that cannot be read).
 */
final class MeshHealth {
  private MeshHealth() {}

  /** What it found: one entry per node (configured ones first), the report's links, and the findings. */
  record Found(List<MeshNodeCheck> nodes, List<MeshLink> links, List<HealthFinding> findings) {
    static final Found NONE = new Found(List.of(), List.of(), List.of());
  }

  static Found check(RunRecorder recorder, BitbucketActivities bitbucket, ResolvedInstance instance,
                     Promise<Attempt<BitbucketVersion>> version) {
    List<MeshView> configured = instance.mesh();
    if (configured.isEmpty()) {
      Attempt<BitbucketVersion> v = version.get();
      if (!v.ok() || !v.value().isAtLeast(8, 0)) {
        return Found.NONE; // no Mesh before 8.0; an unread version is a finding of its own
      }
    }
    BitbucketRequest request = new BitbucketRequest(instance.name());
    Promise<Attempt<MeshConnectivity>> report = configured.isEmpty() ? null : Async.function(() -> recorder.attempt(
        "read Bitbucket's Mesh connectivity report", null, () -> bitbucket.meshConnectivity(request),
        r -> r.links().size() + " links, " + r.unreachable().size() + " unreachable"));
    Attempt<MeshNodeList> listed = recorder.attempt("read Bitbucket's Mesh nodes", null, () -> bitbucket.meshNodes(request),
        l -> l.meshNodes().size() + " Mesh nodes registered (sidecars left aside: "
            + (l.nodes().size() - l.meshNodes().size()) + ")");

    List<MeshNodeCheck> nodes = new ArrayList<>();
    List<HealthFinding> findings = new ArrayList<>();
    boolean noEndpoint = !listed.ok() && MeshSteps.notFound(listed.failure());
    if (noEndpoint) {
      // As the backup reads it: no Mesh endpoint, no Mesh node; only configured ones are then wrong.
      if (!configured.isEmpty()) {
        findings.add(HealthFinding.unhealthy("Bitbucket has no Mesh endpoint (" + listed.error() + "; Bitbucket before "
            + "8.0 has no Mesh), but runbook.yaml configures Mesh nodes " + String.join(", ",
            configured.stream().map(MeshView::name).toList()) + ": a backup refuses them; remove them from the "
            + "instance's mesh: or check Bitbucket's version"));
      }
      configured.forEach(m -> nodes.add(new MeshNodeCheck(m.name(), m.host(), MeshNodeCheck.NOT_REGISTERED, null)));
    } else if (!listed.ok()) {
      findings.add(HealthFinding.unhealthy("Bitbucket's Mesh nodes could not be read: " + listed.error()));
      configured.forEach(m -> nodes.add(new MeshNodeCheck(m.name(), m.host(), null, null)));
    } else {
      compare(configured, listed.value(), nodes, findings);
    }
    List<MeshLink> links = List.of();
    if (report != null) {
      Attempt<MeshConnectivity> r = report.get();
      if (!r.ok() && !(noEndpoint && MeshSteps.notFound(r.failure()))) { // the 404 is said once, above
        findings.add(HealthFinding.degraded("Bitbucket's Mesh connectivity report could not be read: " + r.error()));
      } else if (r.ok()) {
        links = r.value().links();
        for (MeshLink l : r.value().unreachable()) {
          findings.add(HealthFinding.degraded("Mesh connectivity: " + l.from() + " (" + l.fromType() + ") cannot reach "
              + l.to() + " (" + l.toType() + ")" + (l.error() == null ? "" : ": " + l.error())));
        }
      }
    }
    return new Found(nodes, links, findings);
  }

  private static void compare(List<MeshView> configured, MeshNodeList listed, List<MeshNodeCheck> nodes,
                              List<HealthFinding> findings) {
    for (MeshView m : configured) {
      Optional<MeshNode> n = listed.named(m.name());
      if (n.isEmpty()) {
        findings.add(HealthFinding.unhealthy("Mesh node " + m.name() + " (host " + m.host() + ") is not registered in "
            + "Bitbucket: compare its name with Administration > Mesh"));
        nodes.add(new MeshNodeCheck(m.name(), m.host(), MeshNodeCheck.NOT_REGISTERED, null));
        continue;
      }
      if (!n.get().available()) {
        findings.add(HealthFinding.degraded("Mesh node " + m.name() + " (host " + m.host() + ") is " + n.get().state()
            + " in Bitbucket, not AVAILABLE: its repositories cannot be served"));
      }
      nodes.add(new MeshNodeCheck(m.name(), m.host(), n.get().state(), n.get().rpcUrl()));
    }
    for (MeshNode n : listed.meshNodes()) {
      if (configured.stream().noneMatch(m -> m.name().equals(n.name()))) {
        findings.add(HealthFinding.unhealthy("Bitbucket has Mesh node " + n.name() + " (" + n.rpcUrl() + ") registered, "
            + "but runbook.yaml does not configure it under the instance's mesh: a backup would miss its repositories"));
        nodes.add(new MeshNodeCheck(n.name(), null, n.state(), n.rpcUrl()));
      }
    }
  }
}
