package dev.runbook.worker.webhook;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.config.WebhookRuleConfig;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.backup.BackupInput;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.check.HealthCheckInput;
import dev.runbook.workflows.check.HealthCheckWorkflow;
import dev.runbook.workflows.mirror.MirrorRecoveryInput;
import dev.runbook.workflows.mirror.MirrorRecoveryWorkflow;
import dev.runbook.workflows.restore.RestoreInput;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Starts the run an incident asks for, at most once per incident: its workflow id comes from the
 * incident's key ({@link IncidentIds}); the catalog is looked at first, since Temporal forgets closed
 * runs after its retention, and Temporal refuses a second start of an id it still knows, including two
 * that arrive at the same moment.
 */
public final class IncidentStarter {
  private final WorkflowClient client;
  private final Catalog catalog;

  public IncidentStarter(WorkflowClient client, Catalog catalog) {
    this.client = client;
    this.catalog = catalog;
  }

  /**
   * What a start gave.
   *
   * @param workflowId the incident's workflow id
   * @param runId the run that handles the incident (new or earlier)
   * @param isNew true when this call started it
   */
  public record Started(String workflowId, String runId, boolean isNew) {}

  /**
   * Starts {@code rule}'s runbook for the incident {@code key}, or finds the run that already handles it.
   *
   * @param hook the hook's name; the run is requested by {@code webhook <hook>}
   * @throws io.temporal.client.WorkflowServiceException and gRPC exceptions when Temporal does not answer
   * @throws SQLException when the catalog cannot be read
   */
  public Started start(String hook, WebhookRuleConfig rule, String key) throws SQLException {
    String workflowId = IncidentIds.workflowId(rule, key);
    Optional<String> recorded = catalog.runOfWorkflow(workflowId).map(r -> r.id());
    if (recorded.isPresent()) {
      return new Started(workflowId, recorded.get(), false);
    }
    String requestedBy = "webhook " + hook;
    RunLabel label = new RunLabel(rule.runbook().id(), rule.target(), Trigger.INCIDENT);
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId(workflowId)
        // A closed run of the same incident counts as well as a running one: the incident was handled.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setTypedSearchAttributes(label.searchAttributes())
        .setMemo(label.memo())
        .setStaticSummary(label.summary())
        .setStaticDetails(label.details(requestedBy))
        .build();
    try {
      WorkflowExecution run = client.newUntypedWorkflowStub(type(rule), options).start(input(rule, requestedBy));
      return new Started(workflowId, run.getRunId(), true);
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new Started(workflowId, e.getExecution().getRunId(), false);
    }
  }

  private static String type(WebhookRuleConfig rule) {
    return switch (rule.runbook()) {
      case MIRROR_RECOVERY -> MirrorRecoveryWorkflow.TYPE;
      case RESTORE -> RestoreWorkflow.TYPE;
      case BACKUP -> BackupWorkflow.TYPE;
      case CHECK -> HealthCheckWorkflow.TYPE;
    };
  }

  private static Object input(WebhookRuleConfig rule, String requestedBy) {
    return switch (rule.runbook()) {
      case MIRROR_RECOVERY -> new MirrorRecoveryInput(rule.target(), Trigger.INCIDENT, requestedBy);
      // The newest complete point; the current database is kept aside, and a person always approves first.
      case RESTORE -> new RestoreInput(rule.target(), "latest", false, true, Trigger.INCIDENT, requestedBy, true);
      case BACKUP -> new BackupInput(rule.target(), Trigger.INCIDENT, requestedBy);
      case CHECK -> new HealthCheckInput(rule.target(), Trigger.INCIDENT, requestedBy);
    };
  }
}
