package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.check.HealthCheckInput;
import dev.runbook.workflows.check.HealthCheckResult;
import dev.runbook.workflows.check.HealthCheckWorkflow;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/** Starts a health check, waits for it and prints what it found; shared by {@code check} and {@code demo}. */
public final class CheckRunner {
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private CheckRunner() {}

  /** Runs the check and returns the exit code: 0 healthy, 1 problems found or the run failed, 2 rejected input. */
  public static int run(WorkflowClient client, String target, String instance, boolean follow, Duration workerWait,
                        PrintWriter out) {
    String workflowId = "check-" + instance + "-" + ID_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    HealthCheckWorkflow workflow = client.newWorkflowStub(HealthCheckWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId(workflowId)
        .setWorkflowExecutionTimeout(Duration.ofMinutes(10))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(RunbookSearchAttributes.KIND, HealthCheckWorkflow.KIND)
            .set(RunbookSearchAttributes.INSTANCE, instance)
            .set(RunbookSearchAttributes.TRIGGER, Trigger.CLI.id())
            .build())
        .build());
    WorkflowExecution run = WorkflowClient.start(workflow::check,
        new HealthCheckInput(instance, Trigger.CLI, System.getProperty("user.name")));
    out.println("check of " + instance + " started: run " + run.getRunId() + " (workflow " + workflowId + ")");
    out.flush();
    RunWatcher watcher = new RunWatcher(client, out);
    watcher.awaitPickup(run, workerWait, target);
    HealthCheckResult result;
    try {
      result = watcher.await(WorkflowStub.fromTyped(workflow), HealthCheckResult.class, follow);
    } catch (ExecutionException e) {
      String why = Failures.describe(e.getCause());
      String type = Failures.type(e.getCause());
      out.println(instance + ": CHECK FAILED: " + why);
      out.println("(runbook show " + run.getRunId().substring(0, 8) + " for the recorded steps)");
      return FailureTypes.UNKNOWN_INSTANCE.equals(type) || FailureTypes.CONFIG_INVALID.equals(type)
          ? ExitCode.INVALID_INPUT : ExitCode.RUNBOOK_FAILED;
    }
    print(result, out);
    out.println("(runbook show " + run.getRunId().substring(0, 8) + " shows this run again)");
    return result.healthy() ? ExitCode.OK : ExitCode.RUNBOOK_FAILED;
  }

  static void print(HealthCheckResult r, PrintWriter out) {
    out.println();
    out.println(r.instance() + ": " + (r.healthy() ? "HEALTHY" : "UNHEALTHY"));
    Table t = new Table("WHAT", "MODE", "STATE", "DETAIL");
    t.row("bitbucket", "-", r.bitbucketState() == null ? "NO ANSWER" : r.bitbucketState(),
        r.bitbucketUrl() + (r.version() == null ? "" : ", version " + r.version()));
    for (HostCheck h : r.hosts()) {
      t.row("host " + h.host(), h.mode().id(), h.state().name().replace('_', ' '), h.detail());
    }
    t.print(out, "  ");
    if (!r.findings().isEmpty()) {
      out.println("Findings:");
      r.findings().forEach(f -> out.println("  - " + f));
    }
    out.println("Steps:");
    Format.timeline(r.steps(), out);
  }
}
