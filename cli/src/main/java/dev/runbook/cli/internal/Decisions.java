package dev.runbook.cli.internal;

import dev.runbook.workflows.run.RunIds;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.run.Decision;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.Optional;

/** Sends an approval or rejection to a run that waits for one. */
public final class Decisions {
  private Decisions() {}

  /**
   * Sends {@code update} ({@code approve} or {@code reject}) to the run named by {@code run}: a run id,
   * its first characters (looked up in the catalog), or a workflow id.
   */
  public static int send(String update, String run, Decision decision, Optional<RunbookConfig> config, CatalogOptions catalog,
                         TemporalOptions temporal, PrintWriter out) {
    RunRef ref = RunRef.resolve(run, config, catalog);
    return TemporalCommand.run(temporal, 15, out, launcher -> {
      WorkflowStub stub = ref.stub(launcher.client());
      String target = ref.workflowId();
      try {
        String answer = stub.update(update, String.class, decision);
        out.println(answer + "; run " + target + " continues");
        return ExitCode.OK;
      } catch (WorkflowUpdateException e) {
        throw new CliException(ExitCode.INVALID_INPUT, update + " refused: " + dev.runbook.workflows.run.Failures.describe(e));
      } catch (io.temporal.client.WorkflowNotFoundException e) {
        throw new CliException(ExitCode.INVALID_INPUT, "no open run " + run + " (`runbook history` lists runs)");
      }
    });
  }

  /** Tells how to decide on a run that waits for approval, naming it by its short run id. */
  public static void printWaiting(WorkflowStub stub, PrintWriter out) {
    String run = RunIds.shortId(stub.getExecution().getRunId());
    out.println("waiting: runbook approve " + run + " --as NAME --reason TEXT   (or: runbook reject " + run
        + " --as NAME --reason TEXT)");
  }
}
