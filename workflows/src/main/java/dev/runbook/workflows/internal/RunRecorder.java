package dev.runbook.workflows.internal;

import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.RunProgress;
import dev.runbook.workflows.run.RunState;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import dev.runbook.workflows.run.Trigger;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Records a run for audit: search attributes at start, the catalog row for the run, each step as it
 * ends, and the outcome; and keeps the steps in memory for the {@code progress} query. It also keeps
 * what the Temporal UI shows of a run that is not over: the {@code RunbookState} search attribute and
 * the current details (the steps running, or what the run waits for). Workflow code only: it uses
 * workflow time and activity stubs.
 */
public final class RunRecorder {
  /** Catalog writes: quick, retried for about five minutes so a briefly locked database does not fail a run. */
  public static final ActivityOptions CATALOG_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(12)
          .build())
      .build();

  private final CatalogActivities catalog = ControlSteps.catalog();
  private final String runbook;
  private final String instance;
  private final String runId;
  private final Trigger trigger;
  private final List<StepView> steps = new ArrayList<>();
  private final List<Promise<Void>> pendingWrites = new ArrayList<>();
  private RunStatus status = RunStatus.RUNNING;
  private String summary;
  private RunState state = RunState.RUNNING;
  /** What the run waits for outside any activity, shown instead of its steps; null when it does not wait. */
  private String waitingFor;

  private RunRecorder(String runbook, String instance) {
    this.runbook = runbook;
    this.instance = instance;
    this.runId = Workflow.getInfo().getRunId();
    this.trigger = StartedBy.trigger();
  }

  /** What started this run, as Temporal says ({@link StartedBy}). */
  public Trigger trigger() {
    return trigger;
  }

  /**
   * Marks the run with its search attributes and records its start in the catalog. The trigger comes
   * from Temporal ({@link StartedBy}), not from the input; a scheduled run is requested by its schedule.
   */
  public static RunRecorder begin(String runbook, String instance, String requestedBy, Object input) {
    RunRecorder r = new RunRecorder(runbook, instance);
    Trigger trigger = r.trigger;
    String scheduleId = StartedBy.scheduleId();
    if (scheduleId != null) {
      requestedBy = "schedule " + scheduleId;
    }
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.KIND.valueSet(runbook),
        RunbookSearchAttributes.INSTANCE.valueSet(instance == null ? "" : instance),
        RunbookSearchAttributes.TRIGGER.valueSet(trigger.id()),
        RunbookSearchAttributes.STATE.valueSet(r.state.name()));
    r.showDetails();
    String parameters = GlobalDataConverter.get().toPayload(input).map(p -> p.getData().toStringUtf8()).orElse("{}");
    r.catalog.runStarted(new RunStarted(r.runId, Workflow.getInfo().getWorkflowId(), runbook, instance, trigger,
        requestedBy, parameters, now()));
    return r;
  }

  /** Runs {@code body} as a step; a failure is recorded and rethrown. */
  public <T> T step(String name, String host, Functions.Func<T> body, Function<? super T, String> detail) {
    return step(name, host, body, detail, e -> false);
  }

  /**
   * As {@link #step}, but a failure that {@code skipped} accepts closes the step as SKIPPED, with the
   * failure's message as its detail, and returns null instead of throwing.
   */
  public <T> T step(String name, String host, Functions.Func<T> body, Function<? super T, String> detail,
                    Predicate<RuntimeException> skipped) {
    int index = open(name, host);
    try {
      T value = body.apply();
      close(index, StepOutcome.OK, detail == null ? null : detail.apply(value));
      return value;
    } catch (RuntimeException e) {
      boolean skip = skipped.test(e);
      close(index, skip ? StepOutcome.SKIPPED : StepOutcome.FAILED, Failures.describe(e));
      if (skip) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Runs {@code body} as a step whose failure is recorded and returned instead of thrown; a
   * cancellation of the run is still thrown.
   */
  public <T> Attempt<T> attempt(String name, String host, Functions.Func<T> body, Function<? super T, String> detail) {
    try {
      return new Attempt<>(step(name, host, body, detail), null, null);
    } catch (RuntimeException e) {
      if (cancelled(e)) {
        throw e;
      }
      return new Attempt<>(null, e, Failures.describe(e));
    }
  }

  /** Records a step that was not executed, with the reason. */
  public void skip(String name, String host, String reason) {
    close(open(name, host), StepOutcome.SKIPPED, reason);
  }

  /**
   * Runs the body of a workflow: when it throws, records the run as CANCELLED or FAILED with the
   * reason and rethrows. The body records success itself, with its own summary.
   */
  public <R> R guard(Functions.Func<R> body) {
    try {
      return body.apply();
    } catch (TemporalFailure e) {
      if (cancelled(e)) {
        finish(RunStatus.CANCELLED, "cancelled");
        // Ends the workflow as cancelled in Temporal too, whatever step noticed it first.
        throw e instanceof CanceledFailure c ? c : new CanceledFailure("cancelled during: " + Failures.describe(e));
      }
      // Replay-safe (the SDK's workflow scope reports only on first execution); no command, so no version.
      String type = Failures.type(e);
      Workflow.getMetricsScope().tagged(java.util.Map.of("runbook", runbook, "type", type == null ? "unknown" : type))
          .counter("runbook_failures").inc(1);
      finish(RunStatus.FAILED, Failures.describe(e));
      throw e;
    }
  }

  /** True when the run was asked to stop: the failure is (or came from) a cancellation. */
  public static boolean cancelled(Throwable e) {
    return e instanceof CanceledFailure || CancellationScope.current().isCancelRequested();
  }

  /** Records how the run ended. Runs even when the workflow is being cancelled. */
  public void finish(RunStatus how, String why) {
    status = how;
    summary = why;
    waitingFor = null;
    state(RunState.of(how));
    Workflow.setCurrentDetails(how + ": " + why);
    Workflow.newDetachedCancellationScope(() -> {
      // A step that could not be written must not also lose the run's outcome.
      for (Promise<Void> write : pendingWrites) {
        try {
          write.get();
        } catch (RuntimeException e) {
          Workflow.getLogger(RunRecorder.class).warn("a step of run {} was not recorded: {}", runId, Failures.describe(e));
        }
      }
      catalog.runFinished(new RunFinished(runId, how, why, now()));
    }).run();
  }

  /**
   * Marks the run as waiting outside any activity, for example for approval: its state becomes
   * {@code state} and its current details say {@code what} until {@link #resume}.
   */
  public void await(RunState state, String what) {
    waitingFor = what;
    state(state);
    showDetails();
  }

  /** Ends a wait begun with {@link #await}: the run is RUNNING again and shows its steps. */
  public void resume() {
    waitingFor = null;
    state(RunState.RUNNING);
    showDetails();
  }

  /** The run so far, for the {@code progress} query. */
  public RunProgress progress() {
    return new RunProgress(runbook, instance, status, summary, List.copyOf(steps));
  }

  /** The steps so far. */
  public List<StepView> steps() {
    return List.copyOf(steps);
  }

  private int open(String name, String host) {
    BusyHosts.takeNote(); // a wait noted outside any step is not this step's
    steps.add(new StepView(steps.size() + 1, name, host, now(), null, StepOutcome.RUNNING, null));
    showDetails();
    return steps.size() - 1;
  }

  private void close(int index, StepOutcome outcome, String detail) {
    String waited = BusyHosts.takeNote();
    if (waited != null) {
      detail = detail == null ? waited : detail + "; " + waited;
    }
    StepView done = steps.get(index).ended(now(), outcome, detail);
    steps.set(index, done);
    showDetails();
    // Written in the background so steps do not wait on the catalog; finish() waits for all writes.
    // Detached, so a cancelled run still records the steps it ended.
    Workflow.newDetachedCancellationScope(
        () -> pendingWrites.add(Async.procedure(ControlStub.actual(catalog)::stepEnded, new StepEnded(runId, done)))).run();
  }

  /** Upserts {@code RunbookState} when it changes: each upsert is a command in the run's history. */
  private void state(RunState next) {
    if (next != state) {
      state = next;
      Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STATE.valueSet(next.name()));
    }
  }

  /** Tells the UI what the run does now: the wait, else the steps running (several run in parallel), else the last one. */
  private void showDetails() {
    if (status != RunStatus.RUNNING) {
      return;
    }
    if (waitingFor != null) {
      Workflow.setCurrentDetails(waitingFor);
      return;
    }
    List<String> running = steps.stream().filter(s -> s.outcome() == StepOutcome.RUNNING).map(RunRecorder::label).toList();
    if (!running.isEmpty()) {
      Workflow.setCurrentDetails((running.size() == 1 ? "step " : "steps ") + String.join("; ", running));
    } else if (steps.isEmpty()) {
      Workflow.setCurrentDetails("starting");
    } else {
      StepView last = steps.get(steps.size() - 1);
      Workflow.setCurrentDetails("between steps; last: " + label(last) + " " + last.outcome());
    }
  }

  private static String label(StepView s) {
    return s.seq() + ": " + s.name() + (s.host() == null ? "" : " on " + s.host());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
