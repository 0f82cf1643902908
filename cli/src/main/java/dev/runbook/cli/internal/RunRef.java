package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.ExitCode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.Optional;

/**
 * A run as an operator names it: a run id, its first or last characters (as {@code runbook history}
 * prints them, looked up in the catalog), or a workflow id (its newest run).
 *
 * @param given what the operator typed
 * @param workflowId the workflow id
 * @param runId the run id, when the catalog knew the run
 * @param catalog the catalog the run was looked up in, or empty when none could be opened
 */
public record RunRef(String given, String workflowId, Optional<String> runId, Optional<Catalog> catalog) {
  /**
   * Resolves {@code run} through the catalog when one opens (read-only unless the command {@code writes} to it);
   * otherwise it is taken as a workflow id.
   */
  public static RunRef resolve(String run, Optional<RunbookConfig> config, CatalogOptions catalog, boolean writes) {
    Catalog c;
    try {
      c = writes ? catalog.open(config) : catalog.openReadOnly(config);
    } catch (RuntimeException e) {
      // No catalog here (a workstation without the database): the argument is taken as a workflow id.
      return new RunRef(run, run, Optional.empty(), Optional.empty());
    }
    Optional<RunRecord> found;
    try {
      found = c.run(run);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
    } catch (java.sql.SQLException e) {
      return new RunRef(run, run, Optional.empty(), Optional.of(c));
    }
    return found.map(r -> new RunRef(run, r.workflowId(), Optional.of(r.id()), Optional.of(c)))
        .orElseGet(() -> new RunRef(run, run, Optional.empty(), Optional.of(c)));
  }

  /** The run's stub on {@code client}. */
  public WorkflowStub stub(WorkflowClient client) {
    return client.newUntypedWorkflowStub(workflowId, runId, Optional.empty());
  }

  /** Temporal's description of the run; exit 2 when Temporal has no such run. */
  public WorkflowExecutionDescription describe(WorkflowStub stub) {
    try {
      return stub.describe();
    } catch (WorkflowNotFoundException e) {
      throw unknown();
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        throw unknown();
      }
      throw e;
    }
  }

  /** Exit 2: no such run. */
  public CliException unknown() {
    return new CliException(ExitCode.INVALID_INPUT, "no run '" + given + "' in Temporal"
        + (runId.isPresent() ? " (past its retention; `runbook show " + given + "` shows the recorded run)"
        : " or the catalog (`runbook history` lists runs; give a run id, its first characters or a workflow id)"));
  }
}
