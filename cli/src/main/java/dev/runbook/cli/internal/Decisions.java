package dev.runbook.cli.internal;

import dev.runbook.workflows.run.RunIds;
import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.run.Decision;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;

/** Sends an approval or rejection to a run that waits for one. */
public final class Decisions {
  private Decisions() {}

  /** Sends {@code update} ({@code approve} or {@code reject}) to the run {@code ref}; returns the exit code. */
  public static int send(RunLauncher launcher, String update, RunRef ref, Decision decision, PrintWriter out) {
    WorkflowStub stub = ref.stub(launcher.client());
    try {
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
