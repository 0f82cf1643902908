package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.run.RunIds;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Starts a runbook from the CLI and waits for it: search attributes and the UI's summary set at
 * start, a readable workflow id, the control worker's pick-up checked, steps printed when following.
 */
public final class RunLauncher {
  /**
   * The run timeout of runbooks that change an instance or a mirror: none on the server. When the server
   * times a run out, no more workflow code runs, so nothing unlocks, undoes, deletes or releases; these
   * runbooks keep their deadlines themselves (for example {@code backupDeadline}) and every step they wait
   * on is bounded by its own timeouts and attempts.
   */
  public static final Duration OWN_DEADLINE = null;

  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final WorkflowClient client;
  private final String target;
  private final Duration workerWait;
  private final PrintWriter out;

  public RunLauncher(WorkflowClient client, String target, Duration workerWait, PrintWriter out) {
    this.client = client;
    this.target = target;
    this.workerWait = workerWait;
    this.out = out;
  }

  /** The client runs are started with. */
  public WorkflowClient client() {
    return client;
  }

  /** What a launched run gave: its result, or the failure that ended it. */
  public record Launched<R>(WorkflowExecution run, R result, Throwable failure) {
    /** The run's short id, as `runbook history` prints it. */
    public String shortId() {
      return RunIds.shortId(run.getRunId());
    }

    /**
     * The exit code of a failed run: 2 for rejected input, 3 for an unreachable host, a busy instance or a
     * healthy mirror asked to recover, else 1.
     */
    public int failureExitCode() {
      String type = Failures.type(failure);
      if (FailureTypes.UNKNOWN_INSTANCE.equals(type) || FailureTypes.CONFIG_INVALID.equals(type)
          || FailureTypes.INVALID_INPUT.equals(type) || FailureTypes.UNKNOWN_MIRROR.equals(type)) {
        return ExitCode.INVALID_INPUT;
      }
      return FailureTypes.HOST_UNREACHABLE.equals(type) || FailureTypes.INSTANCE_BUSY.equals(type)
          || FailureTypes.MIRROR_HEALTHY.equals(type) ? ExitCode.UNEXPECTED_STATE : ExitCode.RUNBOOK_FAILED;
    }
  }

  /**
   * Starts workflow {@code workflowType} with {@code input} and waits for its result.
   *
   * @param kind the runbook kind, for the workflow id and search attributes
   * @param instance the instance, or null for runbooks over every host
   * @param timeout the run's timeout on the server, for runbooks that change nothing; {@link #OWN_DEADLINE}
   *     for those that do
   */
  public <R> Launched<R> launch(String workflowType, String kind, String instance, Object input, Class<R> resultType,
                                Duration timeout, boolean follow) {
    return launch(workflowType, kind, instance, input, resultType, timeout, follow, stub -> { });
  }

  /** As {@link #launch}, calling {@code pickedUp} with the run's stub once a worker has picked it up. */
  public <R> Launched<R> launch(String workflowType, String kind, String instance, Object input, Class<R> resultType,
                                Duration timeout, boolean follow, java.util.function.Consumer<WorkflowStub> pickedUp) {
    String workflowId = kind + (instance == null ? "" : "-" + instance) + "-"
        + ID_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowType, startOptions(workflowId, kind, instance, timeout,
        System.getProperty("user.name")));
    WorkflowExecution run = stub.start(input);
    out.println(kind + (instance == null ? "" : " of " + instance) + " started: run " + run.getRunId()
        + " (workflow " + workflowId + ")");
    out.flush();
    RunWatcher watcher = new RunWatcher(client, out);
    watcher.awaitPickup(run, workerWait, target);
    pickedUp.accept(stub);
    try {
      return new Launched<>(run, watcher.await(stub, resultType, follow), null);
    } catch (ExecutionException e) {
      return new Launched<>(run, null, e.getCause());
    }
  }

  /**
   * How the CLI starts a run: on the control queue, with its search attributes, and with the summary and
   * details the Temporal UI shows for it.
   *
   * @param instance the instance or mirror, or null for runbooks over every host or mirror
   * @param requestedBy who runs the command, as the run's input names them
   */
  static WorkflowOptions startOptions(String workflowId, String kind, String instance, Duration timeout,
                                      String requestedBy) {
    RunLabel label = new RunLabel(kind, instance, Trigger.CLI);
    WorkflowOptions.Builder options = WorkflowOptions.newBuilder();
    if (timeout != OWN_DEADLINE) {
      options.setWorkflowExecutionTimeout(timeout);
    }
    return options
        .setTaskQueue(TaskQueues.CONTROL)
        .setWorkflowId(workflowId)
        .setTypedSearchAttributes(label.searchAttributes())
        .setMemo(label.memo())
        .setStaticSummary(label.summary())
        .setStaticDetails(label.details(requestedBy))
        .build();
  }

  /** Prints a finished run's step timeline and how to see it again. */
  public void printSteps(Launched<?> launched, java.util.List<dev.runbook.workflows.run.StepView> steps) {
    out.println("Steps:");
    Format.timeline(steps, out);
    out.println("(runbook show " + launched.shortId() + " shows this run again)");
  }

  /** Prints why a run failed and where to see it. */
  public void printFailure(String what, Launched<?> launched) {
    out.println(what + ": FAILED: " + Terminal.safe(Failures.describe(launched.failure())));
    out.println("(runbook show " + launched.shortId() + " for the recorded steps)");
  }
}
