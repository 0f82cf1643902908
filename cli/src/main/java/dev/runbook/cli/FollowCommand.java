package dev.runbook.cli;

import dev.runbook.cli.internal.RunLauncher;
import dev.runbook.cli.internal.RunRef;
import dev.runbook.cli.internal.RunTargetOptions;
import dev.runbook.cli.internal.RunWatcher;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.RunIds;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runbook follow RUN}: attaches to any run, however it was started, and exits with its outcome. */
@Command(name = "follow", mixinStandardHelpOptions = true,
    description = {"Attach to a run however it was started (the CLI, a schedule, the Temporal UI), print its steps as "
        + "they start and end, and exit when it ends. A run that already ended prints its steps at once.",
        "Exit 0 it succeeded, 1 it failed or was cancelled, 2 no such run, 3 it failed on a host that does not answer or a busy instance."})
public final class FollowCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  RunTargetOptions target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return target.run(out, launcher -> ref -> follow(launcher, ref, out));
  }

  private static int follow(RunLauncher launcher, RunRef ref, PrintWriter out) {
    WorkflowStub stub = ref.stub(launcher.client());
    WorkflowExecutionDescription d = ref.describe(stub);
    String runId = d.getExecution().getRunId();
    out.println("following " + (d.getStaticSummary() == null ? d.getWorkflowType() : d.getStaticSummary()) + ": run " + runId
        + " (workflow " + d.getExecution().getWorkflowId() + ")");
    out.flush();
    // Pin the run: a workflow id alone would follow a later run of the same id.
    WorkflowStub pinned = launcher.client().newUntypedWorkflowStub(d.getExecution().getWorkflowId(),
        java.util.Optional.of(runId), java.util.Optional.empty());
    try {
      Object result = new RunWatcher(launcher.client(), out).await(pinned, Object.class, true);
      // A run that did nothing on purpose (a scheduled backup of a busy instance) says so and why.
      String skipped = result instanceof java.util.Map<?, ?> m && m.get("skipped") instanceof String why ? why : null;
      out.println("run " + RunIds.shortId(runId) + ": " + (skipped == null ? "SUCCEEDED" : "SKIPPED: " + skipped));
      return ExitCode.OK;
    } catch (ExecutionException e) {
      RunLauncher.Launched<Object> ended = new RunLauncher.Launched<>(d.getExecution(), null, e.getCause());
      out.println("run " + RunIds.shortId(runId) + ": " + (Failures.describe(e.getCause()).equals("cancelled") ? "CANCELLED"
          : "FAILED: " + Failures.describe(e.getCause())));
      out.println("(runbook show " + ended.shortId() + " for the recorded steps)");
      return ended.failureExitCode();
    }
  }
}
