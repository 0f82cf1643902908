package dev.runbook.workflows.mirror;

import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance.NodeView;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.ServiceRequest;
import dev.runbook.workflows.host.ServiceResult;
import dev.runbook.workflows.internal.StartedBy;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.restore.RestoreInput;
import dev.runbook.workflows.restore.RestoreResult;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/**
 * The recovery's last two resorts, in workflow code: restart the mirror service node by node, and
 * restore the mirror from its newest complete backup taken before it broke, through the restore runbook.
 */
final class MirrorFallbacks {
  private final RunRecorder recorder;
  private final CatalogActivities catalog;
  private final List<String> actions;

  MirrorFallbacks(RunRecorder recorder, CatalogActivities catalog, List<String> actions) {
    this.recorder = recorder;
    this.catalog = catalog;
    this.actions = actions;
  }

  /**
   * Restarts the mirror service one node at a time (stop, then start), so a farm's other nodes keep
   * serving while one restarts: the next node stops once the previous one answers RUNNING at its
   * {@code url} (right after its start returned, for a node without a url). A node that does not serve
   * again within {@code installTimeout} ends the restart, leaving the remaining nodes running. A start is tried on each node even when its stop failed, so no node is left stopped by
   * this step.
   *
   * @return true when every node was stopped and started again
   */
  boolean restart(ResolvedMirror mirror) {
    if (mirror.nodes().isEmpty()) {
      recorder.skip("restart the mirror service", null, "mirror " + mirror.name()
          + " lists no nodes in the configuration, so its service cannot be restarted");
      return false;
    }
    List<HostCheck> checks = Reachability.check(recorder, mirror.hosts());
    List<String> silent = checks.stream().filter(c -> c.state() == HostCheck.State.NO_ANSWER).map(HostCheck::host).toList();
    if (!silent.isEmpty()) {
      recorder.skip("restart the mirror service", null, "host(s) " + String.join(", ", silent) + " do not answer");
      return false;
    }
    boolean ok = true;
    List<NodeView> nodes = mirror.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      NodeView node = nodes.get(i);
      HostView host = mirror.host(node.host());
      HostActivities agent = HostSteps.on(host, HostSteps.SERVICES);
      ServiceRequest request = new ServiceRequest(host.name(), mirror.name(), node.name());
      Attempt<ServiceResult> stop = recorder.attempt("stop mirror service on " + node.name(), host.name(),
          () -> agent.stopServices(request), r -> r.describeUnits() + " (" + r.ranOn() + ")");
      Attempt<ServiceResult> start = recorder.attempt("start mirror service on " + node.name(), host.name(),
          () -> agent.startServices(request), r -> r.describeUnits() + " (" + r.ranOn() + ")");
      ok &= stop.ok() && stop.value().achieved() && start.ok() && start.value().achieved();
      if (i < nodes.size() - 1) {
        // The next node stops only once this one serves again, so the farm is never without a node.
        NodeWaitCall wait = new NodeWaitCall(mirror.name(), node.name(), mirror.recovery().installTimeout(),
            mirror.recovery().pollInterval());
        NodeWait up = recorder.step("wait for " + node.name() + " to answer RUNNING", host.name(),
            () -> MirrorSteps.nodeWait(wait).awaitNodeRunning(wait), NodeWait::detail);
        if (up.asked() && !up.running()) {
          String rest = String.join(", ", nodes.subList(i + 1, nodes.size()).stream().map(NodeView::name).toList());
          recorder.skip("restart the remaining nodes", null, node.name() + " does not serve again, so " + rest
              + " keep running");
          return false;
        }
      }
    }
    if (ok) {
      actions.add("restarted the mirror service on " + String.join(", ", mirror.nodes().stream().map(NodeView::name).toList()));
    }
    return ok;
  }

  /**
   * Restores the mirror's newest complete restore point taken before {@code brokenSince} (any, when
   * null) with the restore runbook, as a child run that asks for its own approval under the restore
   * rules of {@code restoreInstance}.
   *
   * @return true when a restore ran and succeeded; false when there is nothing to restore from
   */
  boolean restore(ResolvedMirror mirror, MirrorRecoveryInput input, Instant brokenSince) {
    String step = "restore the mirror from its backup";
    if (mirror.restoreInstance() == null) {
      recorder.skip(step, null, "mirror " + mirror.name() + " has no restoreInstance in the configuration");
      return false;
    }
    // Newest first; a point taken after the pairing broke would bring the broken pairing back.
    List<RestorePointView> points = catalog.restorePoints(new RestorePointQuery(mirror.restoreInstance(),
        List.of(RestorePointStatus.COMPLETE))).restorePoints().stream()
        .filter(p -> brokenSince == null || p.createdAt().isBefore(brokenSince)).toList();
    if (points.isEmpty()) {
      recorder.skip(step, null, "instance " + mirror.restoreInstance() + " has no complete restore point"
          + (brokenSince == null ? "" : " taken before " + brokenSince + ", when the primary last saw the mirror"));
      return false;
    }
    RestorePointView point = points.get(0);
    String childId = "restore-" + mirror.restoreInstance() + "-for-" + Workflow.getInfo().getWorkflowId();
    RunLabel label = new RunLabel(RestoreWorkflow.KIND, mirror.restoreInstance(), recorder.trigger());
    RestoreWorkflow child = Workflow.newChildWorkflowStub(RestoreWorkflow.class, StartedBy.child(label, input.requestedBy())
        .setWorkflowId(childId)
        .setTaskQueue(TaskQueues.CONTROL)
        // A cancelled recovery cancels the restore, whose own undo then puts the previous state back.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
        .build());
    // The mirror's home and database are replaced: the restore keeps the current ones aside.
    RestoreResult result = recorder.step(step + " " + point.id() + " (run " + childId + "; it asks for its own "
        + "approval: runbook approve " + childId + ")", null,
        // An incident (webhook, autoRecover) never restores without a person's approval, whatever the instance waives.
        () -> child.restore(new RestoreInput(mirror.restoreInstance(), point.id(), false, true, recorder.trigger(),
            input.requestedBy(), recorder.trigger() == Trigger.INCIDENT)), r -> "restored " + point.id() + " into " + r.instance());
    actions.add("restored " + mirror.restoreInstance() + " from " + point.id() + " (run " + childId + ")");
    return result != null;
  }
}
