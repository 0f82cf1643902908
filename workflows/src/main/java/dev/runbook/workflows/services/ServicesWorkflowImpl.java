package dev.runbook.workflows.services;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedInstance.NodeView;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceRequest;
import dev.runbook.workflows.host.ServiceResult;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.InstanceClaim;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.services.ServicesResult.NodeOutcome;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link ServicesWorkflow}. */
public class ServicesWorkflowImpl extends RecordedRunbook implements ServicesWorkflow {
  public ServicesWorkflowImpl() {
    super(KIND);
  }

  /** The change that made stop and start take the instance's lease, as backup and restore do. */
  static final String LEASE_CHANGE = "services-lease";

  private final ConfigActivities config = ControlSteps.config();
  private final CatalogActivities catalog = ControlSteps.catalog();

  @Override
  public ServicesResult run(ServicesInput input) {
    recorder = RunRecorder.begin(KIND, input.instance(), input.requestedBy(), input);
    return recorder.guard(() -> {
      if (input.instance() == null || input.action() == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the input needs an instance and an action: {\"instance\":\"NAME\",\"action\":\"status\"}",
            FailureTypes.INVALID_INPUT);
      }
      // Stop and start change the instance, so they hold its lease: never during a backup or a restore
      // (a restore's services are its own steps). Status only reads.
      InstanceLease lease = input.action() == ServiceAction.STATUS
          || Workflow.getVersion(LEASE_CHANGE, Workflow.DEFAULT_VERSION, 1) < 1 ? null
          : InstanceClaim.claim(recorder, catalog, input.instance(), KIND);
      try {
        return act(input);
      } finally {
        InstanceClaim.release(catalog, lease);
      }
    });
  }

  private ServicesResult act(ServicesInput input) {
    ResolvedInstance instance = recorder.step("resolve configuration", null,
        () -> config.resolveInstance(new ResolveInstanceRequest(input.instance())), ResolvedInstance::bitbucketUrl);
    List<HostView> nodeHosts = instance.hosts().stream()
        .filter(h -> instance.nodes().stream().anyMatch(n -> n.host().equals(h.name()))).toList();
    Reachability.require(recorder, nodeHosts);
    ServicesResult result = act(instance, input.action());
    long failed = result.nodes().stream().filter(n -> n.error() != null).count();
    recorder.finish(result.ok() ? RunStatus.SUCCEEDED : RunStatus.FAILED, input.action().id() + " on "
        + result.nodes().size() + " nodes: " + (failed == 0 ? summary(result) : failed + " failed"));
    return new ServicesResult(result.instance(), result.action(), result.nodes(), result.ok(), recorder.steps());
  }

  private ServicesResult act(ResolvedInstance instance, ServiceAction action) {
    List<Promise<Attempt<ServiceResult>>> pending = new ArrayList<>();
    for (NodeView node : instance.nodes()) {
      HostView host = instance.host(node.host());
      HostActivities agent = HostSteps.on(host, HostSteps.SERVICES);
      ServiceRequest request = new ServiceRequest(host.name(), instance.name(), node.name());
      pending.add(Async.function(() -> recorder.attempt(action.id() + " services on " + node.name(), host.name(),
          () -> switch (action) {
            case STOP -> agent.stopServices(request);
            case START -> agent.startServices(request);
            case STATUS -> agent.serviceStatus(request);
          }, r -> r.describeUnits() + " (" + r.ranOn() + ")")));
    }
    List<NodeOutcome> nodes = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < pending.size(); i++) {
      NodeView node = instance.nodes().get(i);
      Attempt<ServiceResult> a = pending.get(i).get();
      nodes.add(new NodeOutcome(node.name(), node.host(), a.value(), a.error()));
      ok &= a.ok() && a.value().achieved();
    }
    return new ServicesResult(instance.name(), action, nodes, ok, List.of());
  }

  private static String summary(ServicesResult r) {
    return String.join("; ", r.nodes().stream().map(n -> n.node() + " " + n.result().describeUnits()).toList());
  }

}
