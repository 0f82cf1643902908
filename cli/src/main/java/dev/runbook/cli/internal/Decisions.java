package dev.runbook.cli.internal;

import dev.runbook.workflows.run.RunIds;
import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.restore.RestorePlan;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.run.Decision;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;

/** Sends an approval or rejection to a run that waits for one. */
public final class Decisions {
  private Decisions() {}

  /** Sends {@code update} ({@code approve} or {@code reject}) to the run {@code ref}; returns the exit code. */
  public static int send(RunLauncher launcher, String update, RunRef ref, Decision decision, PrintWriter out) {
    return send(launcher, update, ref, decision, null, out);
  }

  /**
   * As {@link #send}, signing the decision first when {@code signing} is given: for this run (its id from Temporal)
   * and, for a restore, the restore point its plan shows, which is printed so the approver sees what they sign.
   */
  public static int send(RunLauncher launcher, String update, RunRef ref, Decision decision, SignOptions.Signing signing,
                         PrintWriter out) {
    WorkflowStub stub = ref.stub(launcher.client());
    try {
      if (signing != null) {
        var description = ref.describe(stub);
        String runId = description.getExecution().getRunId();
        String point = null;
        if (RestoreWorkflow.TYPE.equals(description.getWorkflowType())) {
          RestorePlan plan = stub.query("plan", RestorePlan.class);
          point = plan == null ? null : plan.restorePointId();
          out.println("signing the " + update + " of run " + runId + (point == null ? "" : " (restore point " + point + ")"));
        }
        decision = signing.decision(decision, update, runId, point);
        stub = launcher.client().newUntypedWorkflowStub(ref.workflowId(), java.util.Optional.of(runId), java.util.Optional.empty());
      }
      String answer = stub.update(update, String.class, decision);
      out.println(answer + "; run " + ref.workflowId() + " continues");
      return ExitCode.OK;
    } catch (WorkflowUpdateException e) {
      throw new CliException(ExitCode.INVALID_INPUT, update + " refused: " + dev.runbook.workflows.run.Failures.describe(e));
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw new CliException(ExitCode.INVALID_INPUT, "no open run " + ref.given() + " (`runbook history` lists runs)");
    }
  }

  /** Tells how to decide on a run that waits for approval, naming it by its short run id. */
  public static void printWaiting(WorkflowStub stub, PrintWriter out) {
    String run = RunIds.shortId(stub.getExecution().getRunId());
    out.println("waiting: runbook approve " + run + " --as NAME --reason TEXT   (or: runbook reject " + run
        + " --as NAME --reason TEXT)");
  }
}
