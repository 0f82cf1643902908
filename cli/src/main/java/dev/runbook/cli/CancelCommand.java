package dev.runbook.cli;

import dev.runbook.activities.catalog.CancelRequest;
import dev.runbook.cli.internal.CliException;
import dev.runbook.cli.internal.RunRef;
import dev.runbook.cli.internal.RunTargetOptions;
import dev.runbook.workflows.run.RunIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runbook cancel RUN}: asks a running run to stop; its own clean-up runs before it ends. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = {"Ask a running run to stop. It undoes what it started (a snapshot or dump half made, Bitbucket's "
        + "maintenance lock), releases its instance and ends CANCELLED. Who asked, when and why are recorded in the "
        + "catalog and shown by `runbook show`.",
        "Exit 0 requested, 2 no such run, 3 the run already ended or the catalog cannot be reached."})
public final class CancelCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  RunTargetOptions target;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded with the run.")
  String reason;

  @Option(names = "--as", paramLabel = "NAME", description = "Who asks; recorded with the run (default: the user running the command).")
  String as;

  @Override
  public Integer call() {
    if (reason.isBlank()) {
      throw new CliException(ExitCode.INVALID_INPUT, "--reason must say why the run is cancelled");
    }
    String who = as == null || as.isBlank() ? System.getProperty("user.name") : as;
    PrintWriter out = spec.commandLine().getOut();
    return target.runRecording(out, launcher -> ref -> {
      WorkflowStub stub = ref.stub(launcher.client());
      WorkflowExecutionDescription d = ref.describe(stub);
      if (d.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw new CliException(ExitCode.UNEXPECTED_STATE, "run " + target.given() + " already ended ("
            + d.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "") + "); nothing to cancel");
      }
      String runId = d.getExecution().getRunId();
      record(ref, new CancelRequest(runId, who, reason, Instant.now()));
      try {
        stub.cancel(reason + " (" + who + ")");
      } catch (io.temporal.client.WorkflowNotFoundException e) {
        throw new CliException(ExitCode.UNEXPECTED_STATE, "run " + target.given() + " ended while it was being "
            + "cancelled; nothing to cancel (the request stays recorded)");
      }
      out.println("cancel requested for " + (d.getStaticSummary() == null ? d.getWorkflowType() : d.getStaticSummary())
          + ", run " + runId + ", by " + who + ": " + reason);
      out.println("it cleans up and ends CANCELLED: runbook follow " + RunIds.shortId(runId) + " to watch it");
      return ExitCode.OK;
    });
  }

  /** Records the request before it is sent, so no cancellation goes unrecorded. */
  private static void record(RunRef ref, CancelRequest request) {
    if (ref.catalog().isEmpty()) {
      throw new CliException(ExitCode.UNEXPECTED_STATE, "the catalog cannot be opened, and a cancel request must be "
          + "recorded: give --catalog or -c FILE with its catalog");
    }
    try {
      ref.catalog().get().cancelRequested(request);
    } catch (SQLException e) {
      throw new CliException(ExitCode.UNEXPECTED_STATE, "cannot record the cancel request in " + ref.catalog().get().location()
          + ": " + e.getMessage());
    }
  }
}
