package dev.runbook.workflows.backup;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.InstanceClaim;
import dev.runbook.workflows.internal.Retention;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.failure.ApplicationFailure;

/** Implementation of {@link PruneWorkflow}. */
public class PruneWorkflowImpl extends RecordedRunbook implements PruneWorkflow {
  public PruneWorkflowImpl() {
    super(KIND);
  }

  private final ConfigActivities config = ControlSteps.config();
  private final CatalogActivities catalog = ControlSteps.catalog();

  @Override
  public PruneResult prune(PruneInput input) {
    recorder = RunRecorder.begin(KIND, input.instance(), input.requestedBy(), input);
    return recorder.guard(() -> {
      if (input.instance() == null || input.instance().isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure("the input names no instance; start it with {\"instance\":\"NAME\"}",
            FailureTypes.INVALID_INPUT);
      }
      ResolvedInstance instance = recorder.step("resolve configuration", null,
          () -> config.resolveInstance(new ResolveInstanceRequest(input.instance())), i -> "keep " + i.retention());
      InstanceLease lease = input.dryRun() ? null : InstanceClaim.claim(recorder, catalog, instance.name(), KIND);
      try {
        Retention.Outcome o = Retention.apply(recorder, catalog, instance, input.dryRun());
        String summary = (input.dryRun() ? "would delete " : "deleted ") + o.deleted().size() + ", kept " + o.kept().size()
            + (o.failures().isEmpty() ? "" : ", " + o.failures().size() + " could not be deleted");
        recorder.finish(o.failures().isEmpty() ? RunStatus.SUCCEEDED : RunStatus.FAILED, summary);
        return new PruneResult(instance.name(), input.dryRun(), o.kept(), o.deleted(), o.failures(), recorder.steps());
      } finally {
        InstanceClaim.release(catalog, lease);
      }
    });
  }

}
