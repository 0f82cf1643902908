package dev.runbook.workflows.restore;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.approval.ApprovalProof;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.MeshWait;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedInstance.MeshView;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeRestore;
import dev.runbook.workflows.home.HomeRestorePlan;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.InstanceHostRequest;
import dev.runbook.workflows.host.MeshPortWait;
import dev.runbook.workflows.host.ServiceRequest;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.MeshSteps;
import dev.runbook.workflows.internal.Promises;
import dev.runbook.workflows.internal.RunRecorder;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The restore's steps for the instance's Bitbucket Mesh nodes: each node is stopped after Bitbucket's nodes,
 * its home restored (kept aside, with undo) after the shared home, started before Bitbucket's nodes and waited
 * for on its RPC port; once Bitbucket runs, every node must be reported AVAILABLE. Without Mesh nodes (or when
 * replaying a run recorded before Mesh was known) every method does nothing.
 */
final class MeshRestore {
  /** How a data undo is run: only while everything is known stopped (see RestoreWorkflowImpl#undoData). */
  interface DataUndo {
    void run(String step, String host, Runnable undo, String done);
  }

  /** The change that removes stale git locks from each restored Mesh home before the Mesh nodes start. */
  static final String GIT_LOCKS_CHANGE = "restore-mesh-git-locks";

  private final RunRecorder recorder;
  private final ResolvedInstance instance;
  private final List<MeshView> nodes;
  private final List<String> keptAs = new ArrayList<>();

  MeshRestore(RunRecorder recorder, ResolvedInstance instance) {
    this.recorder = recorder;
    this.instance = instance;
    this.nodes = MeshSteps.nodes(instance);
  }

  List<HostView> hosts() {
    return nodes.stream().map(n -> instance.host(n.host())).toList();
  }

  /**
   * Refuses, before anything is stopped, a restore point without a home of every configured Mesh node (made
   * before the node was configured): the database would go back while the node's repositories stayed as now.
   */
  void requireInPoint(RestorePointView point) {
    List<String> missing = nodes.stream().map(MeshView::name)
        .filter(n -> point.artifacts().stream().noneMatch(a -> a.ofMesh(n))).toList();
    if (!missing.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("restore point " + point.id() + " holds no home of Mesh node(s) "
          + String.join(", ", missing) + " (it was made before they were configured): restoring it would put the database "
          + "back but not their repositories; choose a restore point made since (runbook restore list --instance "
          + instance.name() + "); nothing was changed", FailureTypes.INVALID_INPUT);
    }
  }

  /** Plans every Mesh home's restore on its host; returns the plan's lines and whether each can be undone. */
  HomeRestorePlan plan(RestorePointView point, String stamp) {
    List<String> lines = new ArrayList<>();
    boolean undoable = true;
    for (MeshView node : nodes) {
      HomeActivities check = HostSteps.on(HomeActivities.class, instance.host(node.host()), HostSteps.CHECK);
      HomeRestorePlan p = recorder.step("plan Mesh home restore of " + node.name(), node.host(),
          () -> check.planRestore(request(node, point, stamp, null)), r -> String.join("; ", r.lines()));
      p.lines().forEach(l -> lines.add("Mesh home of " + node.name() + ": " + l));
      undoable &= p.undoable();
    }
    return new HomeRestorePlan(lines, undoable);
  }

  /** The plan's line for stopping the Mesh nodes, after Bitbucket's; none without Mesh nodes. */
  List<String> stopLines() {
    return nodes.stream().map(n -> "stop Mesh node " + n.name() + " on " + n.host()).toList();
  }

  /** The plan's lines for starting the Mesh nodes, before Bitbucket's. */
  List<String> startLines() {
    long minutes = instance.restore().startTimeout().toMinutes();
    return nodes.stream().map(n -> "start Mesh node " + n.name() + " on " + n.host() + "; wait until it accepts connections "
        + "on port " + n.rpcPort() + " (at most " + minutes + " min)").toList();
  }

  /** The plan's line for the wait on Bitbucket's view of the Mesh nodes, once Bitbucket runs. */
  List<String> availableLines() {
    return nodes.isEmpty() ? List.of() : List.of("wait until Bitbucket reports Mesh node(s) " + names() + " AVAILABLE (at most "
        + instance.restore().startTimeout().toMinutes() + " min)");
  }

  /** Stops every Mesh node in parallel; the undo (registered first) starts them again and waits on their ports. */
  void stop(Undo saga) {
    if (nodes.isEmpty()) {
      return;
    }
    saga.addCompensation(() -> {
      services(true, "undo: ");
      awaitPorts("undo: ");
    });
    services(false, "");
  }

  /** Restores every Mesh home, one after the other, each with its undo registered first. */
  void restoreHomes(Undo saga, RestorePointView point, String stamp, ApprovalProof proof, DataUndo undoData) {
    for (MeshView node : nodes) {
      HostView host = instance.host(node.host());
      HomeActivities steps = HostSteps.on(HomeActivities.class, host, HostSteps.RESTORE);
      HomeActivities undo = HostSteps.on(HomeActivities.class, host, HostSteps.DELETE);
      HomeRequest request = request(node, point, stamp, proof);
      saga.addCompensation(() -> undoData.run("undo: put the previous Mesh home of " + node.name() + " back", node.host(),
          () -> undo.undoRestore(request), "previous Mesh home in place"));
      HomeRestore r = recorder.step("restore Mesh home of " + node.name(), node.host(), () -> steps.restoreHome(request),
          k -> k.keptAs().isEmpty() ? "restored" : "restored; previous Mesh home kept as " + String.join(", ", k.keptAs()));
      keptAs.addAll(r.keptAs());
    }
  }

  /**
   * Removes stale git lock files from every restored Mesh home, on each node's own host and in parallel, before
   * any Mesh node starts; returns them as {@code <node>:<path>}. Runs recorded before this step replay without it
   * (marker {@value #GIT_LOCKS_CHANGE}).
   */
  List<String> cleanGitLocks() {
    if (nodes.isEmpty() || Workflow.getVersion(GIT_LOCKS_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
      return List.of();
    }
    List<Promise<List<String>>> all = new ArrayList<>();
    for (MeshView node : nodes) {
      HostActivities agent = HostSteps.on(HostActivities.class, instance.host(node.host()), HostSteps.SERVICES);
      all.add(Async.function(() -> recorder.step("remove stale git locks of Mesh node " + node.name(), node.host(),
          () -> agent.cleanGitLocks(InstanceHostRequest.mesh(node.host(), instance.name(), node.name())),
          l -> l.removed().isEmpty() ? "none found" : l.removed().size() + " removed: " + String.join(", ", l.removed()))
          .removed().stream().map(path -> node.name() + ":" + path).toList()));
    }
    Promises.waitAll(all);
    List<String> removed = new ArrayList<>();
    all.forEach(p -> removed.addAll(p.get()));
    return removed;
  }

  /** The plan's line for the stale git locks of the Mesh homes; none without Mesh nodes. */
  List<String> lockLines() {
    return nodes.isEmpty() ? List.of() : List.of("remove stale git lock files from the restored repositories of Mesh node(s) "
        + names() + ", each on its own host, before they start");
  }

  /**
   * Starts every Mesh node and waits until each accepts connections on its RPC port. The undo, registered first,
   * stops them again ({@code stopped} false until they are known stopped, so no data is put back under them).
   */
  void start(Undo saga, Consumer<Boolean> stopped) {
    if (nodes.isEmpty()) {
      return;
    }
    saga.addCompensation(() -> {
      stopped.accept(false);
      services(false, "undo: ");
      stopped.accept(true);
    });
    services(true, "");
    awaitPorts("");
  }

  /** Once Bitbucket runs: waits until it reports every configured Mesh node AVAILABLE. */
  void awaitAvailable() {
    if (nodes.isEmpty()) {
      return;
    }
    Duration timeout = instance.restore().startTimeout();
    BitbucketActivities bitbucket = Workflow.newActivityStub(BitbucketActivities.class,
        ActivityOptions.newBuilder(ControlSteps.AWAIT_STATUS).setStartToCloseTimeout(timeout.plus(Duration.ofMinutes(1))).build());
    recorder.step("wait until Bitbucket reports Mesh node(s) " + names() + " AVAILABLE", null,
        () -> bitbucket.awaitMeshAvailable(new MeshWait(instance.name(), nodes.stream().map(MeshView::name).toList(), timeout)),
        l -> String.join(", ", l.meshNodes().stream().map(n -> n.name() + " " + n.state()).toList()));
  }

  /** For the run's summary: where the previous Mesh homes were kept, or nothing. */
  String summary() {
    return keptAs.isEmpty() ? "" : "; previous Mesh homes kept as " + String.join(", ", keptAs);
  }

  private HomeRequest request(MeshView node, RestorePointView point, String stamp, ApprovalProof proof) {
    return new HomeRequest(node.host(), instance.name(), point.id(), point.artifacts(), stamp, proof).onMesh(node.name(), node.host());
  }

  private void services(boolean start, String prefix) {
    List<Promise<Object>> all = new ArrayList<>();
    for (MeshView node : nodes) {
      HostActivities agent = HostSteps.on(HostActivities.class, instance.host(node.host()), HostSteps.SERVICES);
      ServiceRequest request = ServiceRequest.mesh(node.host(), instance.name(), node.name());
      all.add(Async.function(() -> recorder.step(prefix + (start ? "start" : "stop") + " Mesh node " + node.name(), node.host(),
          () -> start ? agent.startServices(request) : agent.stopServices(request), r -> r.describeUnits())));
    }
    Promises.waitAll(all);
  }

  private void awaitPorts(String prefix) {
    Duration timeout = instance.restore().startTimeout();
    List<Promise<Long>> all = new ArrayList<>();
    for (MeshView node : nodes) {
      HostActivities agent = HostSteps.on(HostActivities.class, instance.host(node.host()),
          ActivityOptions.newBuilder(HostSteps.SERVICES).setStartToCloseTimeout(timeout.plus(Duration.ofMinutes(1))).build());
      all.add(Async.function(() -> recorder.step(prefix + "wait until Mesh node " + node.name() + " accepts connections on port "
          + node.rpcPort(), node.host(), () -> agent.awaitMeshPort(new MeshPortWait(node.host(), instance.name(), node.name(),
          timeout)), ms -> "accepted after " + ms + " ms")));
    }
    Promises.waitAll(all);
  }

  private String names() {
    return String.join(", ", nodes.stream().map(MeshView::name).toList());
  }
}
