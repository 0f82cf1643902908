package dev.runbook.workflows.backup;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedInstance.MeshView;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.MeshSteps;
import dev.runbook.workflows.internal.RunRecorder;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Saga;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup's steps for the instance's Bitbucket Mesh nodes: each node's home is checked, snapshotted and
 * (on failure) deleted on the node's own host, beside the shared home and the database and under the same
 * restore point id. A run recorded before Mesh was known, and an instance without Mesh nodes, has no such
 * step beyond the comparison with Bitbucket's registered nodes.
 */
final class MeshHomes {
  private final RunRecorder recorder;
  private final ResolvedInstance instance;
  private final boolean known;
  private final List<MeshView> nodes;
  private final List<Promise<HomeSnapshot>> snapshots = new ArrayList<>();

  private MeshHomes(RunRecorder recorder, ResolvedInstance instance, boolean known) {
    this.recorder = recorder;
    this.instance = instance;
    this.known = known;
    this.nodes = known ? instance.mesh() : List.of();
  }

  /** The Mesh steps of this run: none when it replays a run recorded before Mesh was known. */
  static MeshHomes of(RunRecorder recorder, ResolvedInstance instance) {
    return new MeshHomes(recorder, instance, MeshSteps.known());
  }

  /**
   * Refuses, before anything changes, a zero-downtime backup of a Mesh home whose provider is not one point in
   * time, and a Mesh configuration that differs from the nodes Bitbucket has registered.
   */
  void prepare(BitbucketActivities bitbucket) {
    if (!known) {
      return;
    }
    if (instance.mode() == BackupMode.ZERO_DOWNTIME) {
      for (MeshView node : nodes) {
        if (!node.homePointInTime()) {
          throw ApplicationFailure.newNonRetryableFailure("the home of Mesh node " + node.name() + " uses "
              + node.homeProvider() + ", which is not a point-in-time snapshot: use mode: locked", FailureTypes.CONFIG_INVALID);
        }
      }
    }
    MeshSteps.requireRegistered(recorder, bitbucket, instance);
  }

  /** The Mesh nodes' hosts, for the reachability check. */
  List<HostView> hosts() {
    return nodes.stream().map(n -> instance.host(n.host())).toList();
  }

  /** Checks every Mesh home on its host, in parallel with whatever else the caller checks. */
  List<Promise<?>> checks() {
    List<Promise<?>> all = new ArrayList<>();
    for (MeshView node : nodes) {
      HomeActivities home = HostSteps.on(HomeActivities.class, instance.host(node.host()), HostSteps.CHECK);
      all.add(Async.function(() -> recorder.step("check Mesh home of " + node.name() + " (" + node.homeProvider() + ")",
          node.host(), () -> home.checkHome(HomeRequest.of(node.host(), instance.name(), null).onMesh(node.name(), node.host())),
          c -> String.join("; ", c.evidence()))));
    }
    return all;
  }

  /**
   * Starts the snapshot of every Mesh home, each undo registered in {@code saga} first (deleting by restore
   * point id is idempotent); returns the promises to wait for with the shared home's and the database's.
   */
  List<Promise<HomeSnapshot>> snapshot(String id, Saga saga) {
    for (MeshView node : nodes) {
      HostView host = instance.host(node.host());
      HomeActivities undo = HostSteps.on(HomeActivities.class, host, HostSteps.DELETE);
      saga.addCompensation(() -> recorder.step("undo: delete Mesh home snapshot of " + node.name(), node.host(), () -> {
        undo.deleteHomeSnapshot(HomeRequest.of(node.host(), instance.name(), id).onMesh(node.name(), node.host()));
        return id;
      }, v -> "deleted"));
    }
    for (MeshView node : nodes) {
      HomeActivities home = HostSteps.on(HomeActivities.class, instance.host(node.host()), HostSteps.SNAPSHOT);
      snapshots.add(Async.function(() -> recorder.step("snapshot Mesh home of " + node.name(), node.host(),
          () -> home.snapshotHome(HomeRequest.of(node.host(), instance.name(), id).onMesh(node.name(), node.host())),
          s -> s.artifacts().size() + " snapshot(s)" + (s.freezeStartedAt() == null ? "" : ", frozen " + s.freezeMillis() + " ms"))));
    }
    return List.copyOf(snapshots);
  }

  /** What the Mesh snapshots made, once they are done: every artifact is of kind {@link Artifact#MESH_HOME}. */
  List<Artifact> artifacts() {
    return snapshots.stream().flatMap(p -> p.get().artifacts().stream()).toList();
  }

  /** For the run's summary: which Mesh homes the restore point holds, or nothing. */
  String summary() {
    return nodes.isEmpty() ? "" : ", Mesh homes of " + String.join(", ", nodes.stream().map(MeshView::name).toList());
  }
}
