package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.run.Failures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * A deadline the workflow keeps itself, instead of a run timeout on the server: when Temporal times a run
 * out, no more workflow code runs, so nothing would unlock Bitbucket, undo, delete what was made or
 * release the instance. Here a workflow timer cancels the body's scope; the body's cleanup (in detached
 * scopes, as for a cancellation) runs, and the run then fails with {@link FailureTypes#DEADLINE_EXCEEDED}.
 * Workflow code.
 */
public final class Deadline {
  private final Duration limit;
  private final String what;
  private boolean passed;

  /**
   * @param limit how long the body may run; null for no deadline
   * @param what the run in words, for the failure, for example {@code backup of prod}
   */
  public Deadline(Duration limit, String what) {
    this.limit = limit;
    this.what = what;
  }

  /** True once the deadline has passed and the body was told to stop. */
  public boolean passed() {
    return passed;
  }

  /** Why the run stopped, once {@link #passed}. */
  public String reason() {
    return what + " ran past its deadline of " + words(limit) + " and was stopped";
  }

  /**
   * Runs {@code body}, cancelling it when the deadline passes; the cancellation's failure is then
   * replaced by a non-retryable {@link FailureTypes#DEADLINE_EXCEEDED} saying so.
   */
  public <R> R run(Functions.Func<R> body) {
    if (limit == null) {
      return body.apply();
    }
    Object[] result = {null};
    CancellationScope work = Workflow.newCancellationScope(() -> {
      result[0] = body.apply();
    });
    CancellationScope clock = Workflow.newCancellationScope(() -> Workflow.newTimer(limit).thenApply(fired -> {
      passed = true;
      work.cancel(reason());
      return fired;
    }));
    clock.run();
    try {
      work.run();
    } catch (TemporalFailure e) {
      if (passed) {
        // What the cleanup left behind (an undo that did not complete) stays in the message and the type.
        String cause = Failures.describe(e);
        String type = FailureTypes.UNDO_INCOMPLETE.equals(Failures.type(e)) ? FailureTypes.UNDO_INCOMPLETE
            : FailureTypes.DEADLINE_EXCEEDED;
        throw ApplicationFailure.newNonRetryableFailureWithCause(reason() + ("cancelled".equals(cause) ? "" : "; " + cause),
            type, e);
      }
      throw e;
    } finally {
      clock.cancel();
    }
    @SuppressWarnings("unchecked")
    R r = (R) result[0];
    return r;
  }

  private static String words(Duration d) {
    return d.toSeconds() % 3600 == 0 ? d.toHours() + " h" : d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
