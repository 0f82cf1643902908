package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedInstance.MeshView;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.run.Failures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every runbook shares about Bitbucket Mesh nodes: whether this run knows them at all (runs recorded
 * before Mesh replay without any Mesh step), the comparison of the configured nodes with the nodes Bitbucket
 * has registered, and the deletion of a restore point's Mesh home snapshots on each node's host.
 */
public final class MeshSteps {
  /** The change that added Mesh nodes to backups, restores, retention and the sweep; one id for every workflow. */
  public static final String CHANGE = "mesh";

  private MeshSteps() {}

  /** True when this run takes Mesh nodes into account; false when it replays a run recorded before. */
  public static boolean known() {
    return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** The instance's configured Mesh nodes, or none when this run replays one recorded before Mesh. */
  public static List<MeshView> nodes(ResolvedInstance instance) {
    return known() ? instance.mesh() : List.of();
  }

  /**
   * Reads the Mesh nodes Bitbucket has registered and refuses, before anything changes, when they differ from
   * the configured ones: a registered node missing from the configuration would leave its repositories out of
   * the restore point ({@link FailureTypes#CONFIG_INVALID}); a configured node Bitbucket does not know is a
   * wrong name or a removed node ({@link FailureTypes#BITBUCKET_STATE}). Sidecars (inside Bitbucket's own
   * nodes) are not Mesh nodes. A Bitbucket without the Mesh endpoint (HTTP 404: before 8.0) has no Mesh nodes.
   */
  public static void requireRegistered(RunRecorder recorder, BitbucketActivities bitbucket, ResolvedInstance instance) {
    List<MeshView> configured = instance.mesh();
    recorder.step("compare Bitbucket's Mesh nodes with the configuration", null, () -> {
      MeshNodeList listed = registered(bitbucket, instance.name());
      List<MeshNode> registered = listed == null ? List.of() : listed.meshNodes();
      Set<String> names = new TreeSet<>(configured.stream().map(MeshView::name).toList());
      List<String> problems = new ArrayList<>();
      boolean unconfigured = false;
      for (MeshNode node : registered) {
        if (!names.contains(node.name())) {
          unconfigured = true;
          problems.add("Bitbucket has registered Mesh node '" + node.name() + "' (" + node.rpcUrl() + ", " + node.state()
              + ") but " + instance.name() + " configures no such node, so its repositories would be missing from the "
              + "restore point: add it under the instance's mesh: (name, host, home, services), or remove it in "
              + "Bitbucket (Administration, Mesh) if it is gone");
        }
      }
      Set<String> known = new TreeSet<>(registered.stream().map(MeshNode::name).toList());
      for (MeshView node : configured) {
        if (!known.contains(node.name())) {
          problems.add(instance.name() + " configures Mesh node '" + node.name() + "' (host " + node.host() + ") but "
              + (listed == null ? "Bitbucket answered 404 for its Mesh nodes (Bitbucket before 8.0 has no Mesh)"
                  : "Bitbucket has not registered it (registered: " + (known.isEmpty() ? "none" : String.join(", ", known))
                      + ")")
              + ": set mesh[].name to the name Bitbucket shows under Administration, Mesh, or remove the node from the "
              + "configuration");
        }
      }
      if (!problems.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(String.join("; ", problems) + "; nothing was changed",
            unconfigured ? FailureTypes.CONFIG_INVALID : FailureTypes.BITBUCKET_STATE);
      }
      return registered;
    }, r -> r.isEmpty() ? "no Mesh nodes registered or configured"
        : r.size() + " Mesh node(s), each configured: " + String.join(", ", r.stream().map(n -> n.name() + " " + n.state()).toList()));
  }

  /** Bitbucket's registered members, or null when it has no Mesh endpoint (HTTP 404). */
  private static MeshNodeList registered(BitbucketActivities bitbucket, String instance) {
    try {
      return bitbucket.meshNodes(new BitbucketRequest(instance));
    } catch (RuntimeException e) {
      if (notFound(e)) {
        return null;
      }
      throw e;
    }
  }

  /**
   * True when Bitbucket answered HTTP 404: {@link FailureTypes#BITBUCKET_NOT_FOUND}, or the form activities raised
   * before that type existed, {@link FailureTypes#BITBUCKET_PROTOCOL} with {@code HTTP 404} in its message. The old
   * form stays accepted because histories recorded before hold it as the activity's outcome: on replay the
   * workflow must take the same branch (here: no Mesh nodes) as it did then.
   */
  public static boolean notFound(Throwable e) {
    String type = Failures.type(e);
    return FailureTypes.BITBUCKET_NOT_FOUND.equals(type)
        || FailureTypes.BITBUCKET_PROTOCOL.equals(type) && Failures.describe(e).contains("HTTP 404");
  }

  /**
   * Deletes whatever each configured Mesh node's provider made under {@code restorePointId}, on the node's host
   * (by id: nothing recorded is needed); returns the nodes, for the caller's record. Used by the sweep.
   */
  public static List<String> deleteById(ResolvedInstance instance, String restorePointId) {
    List<String> done = new ArrayList<>();
    for (MeshView node : nodes(instance)) {
      HostSteps.on(HomeActivities.class, instance.host(node.host()), HostSteps.DELETE)
          .deleteHomeSnapshot(HomeRequest.of(node.host(), instance.name(), restorePointId).onMesh(node.name(), node.host()));
      done.add(node.name());
    }
    return done;
  }

  /**
   * Deletes the Mesh home snapshots among {@code artifacts} held on {@code host}, one call per node, through
   * the node's own provider. Used by retention.
   */
  public static void deleteSnapshots(ResolvedInstance instance, String restorePointId, String host, List<Artifact> artifacts) {
    List<Artifact> mesh = artifacts.stream().filter(a -> a.host().equals(host) && a.meshNode() != null).toList();
    if (mesh.isEmpty() || !known()) {
      return;
    }
    HomeActivities steps = HostSteps.on(HomeActivities.class, instance.host(host), HostSteps.DELETE);
    for (String node : mesh.stream().map(Artifact::meshNode).distinct().toList()) {
      steps.deleteHomeSnapshot(new HomeRequest(host, instance.name(), restorePointId, mesh).onMesh(node, host));
    }
  }
}
