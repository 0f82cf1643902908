package dev.runbook.cli.internal;

import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.run.RunProgress;
import dev.runbook.workflows.run.RunResult;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a run started by the CLI: first that a control worker picks it up (otherwise the run is
 * terminated and the operator told what to start), then for its result, printing each step as it
 * starts and ends when following.
 */
public final class RunWatcher {
  private static final Duration POLL = Duration.ofMillis(200);

  private final WorkflowClient client;
  private final PrintWriter out;
  private final Map<Integer, StepOutcome> printed = new HashMap<>();

  public RunWatcher(WorkflowClient client, PrintWriter out) {
    this.client = client;
    this.out = out;
  }

  /**
   * Waits until a worker has started the run's first workflow task.
   *
   * @throws CliException exit 3 after terminating the run, when no worker picked it up within {@code wait}
   */
  public void awaitPickup(WorkflowExecution run, Duration wait, String target) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      if (pickedUp(run)) {
        return;
      }
      sleep(POLL);
    }
    if (pickedUp(run)) {
      return;
    }
    client.newUntypedWorkflowStub(run.getWorkflowId(), java.util.Optional.of(run.getRunId()), java.util.Optional.empty())
        .terminate("no control worker picked up the run within " + wait.toSeconds() + " s");
    throw new CliException(ExitCode.UNEXPECTED_STATE, "no control worker polls " + TaskQueues.CONTROL + " on " + target
        + " (waited " + wait.toSeconds() + " s; run " + run.getWorkflowId() + " was terminated, nothing ran): "
        + "start `runbook up -c FILE` or `runbook worker -c FILE`");
  }

  /** Waits for the result; with {@code follow}, prints step starts and ends while waiting. */
  public <R> R await(WorkflowStub stub, Class<R> resultType, boolean follow) throws ExecutionException {
    CompletableFuture<R> result = stub.getResultAsync(resultType);
    while (follow && !result.isDone()) {
      printProgress(stub);
      // Waits on the result itself, so that the command goes on the moment the run ends.
      try {
        result.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // Not ended yet; or ended with a failure, which result.get() below throws.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for " + stub.getExecution().getWorkflowId());
      }
    }
    R value = null;
    try {
      value = result.get();
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted while waiting for " + stub.getExecution().getWorkflowId());
    } finally {
      if (follow) {
        // A result carries the run's steps; only a failed run's are asked for again.
        if (value instanceof RunResult r && r.steps() != null) {
          print(r.steps());
        } else {
          printProgress(stub);
        }
      }
    }
  }

  /** Prints the steps in {@code steps} that have not been printed in their current state. */
  public void print(List<StepView> steps) {
    for (StepView s : steps) {
      StepOutcome before = printed.get(s.seq());
      if (before == null) {
        out.println(Format.time(s.startedAt()) + "  start    " + Terminal.safe(label(s)));
      }
      if (s.outcome() != StepOutcome.RUNNING && before != s.outcome()) {
        out.println(Format.time(s.endedAt()) + "  " + String.format("%-7s  ", Format.outcome(s.outcome()))
            + Terminal.safe(label(s)) + "  (" + Format.duration(s.duration()) + ")"
            + (s.detail() == null ? "" : ": " + Terminal.safe(s.detail())));
      }
      printed.put(s.seq(), s.outcome());
    }
    out.flush();
  }

  private void printProgress(WorkflowStub stub) {
    try {
      print(stub.query("progress", RunProgress.class).steps());
    } catch (RuntimeException e) {
      // A query can fail while the worker restarts; the next poll tries again.
    }
  }

  private boolean pickedUp(WorkflowExecution run) {
    GetWorkflowExecutionHistoryRequest req = GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(client.getOptions().getNamespace()).setExecution(run).build();
    for (HistoryEvent e : client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(req).getHistory().getEventsList()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
        return true;
      }
    }
    return false;
  }

  private static String label(StepView s) {
    return s.name() + (s.host() == null ? "" : " [" + s.host() + "]");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCode.INTERNAL_ERROR, "interrupted");
    }
  }
}
