package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.host.HostQueueActivities;
import dev.runbook.workflows.host.HostQueueRequest;
import dev.runbook.workflows.host.HostQueueState;
import dev.runbook.workflows.run.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowThreadLocal;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;

/**
 * Host steps that were not picked up in time: a stopped host, or a live one whose every slot is taken.
 * Every host stub ({@link HostSteps#on}) goes through here. When a step's schedule-to-start timeout
 * passes, the control worker asks Temporal whether a worker polls the host's queue
 * ({@link HostQueueActivities}, a local activity): when one polled after the step was queued (it is taking the
 * steps queued before it) the step is scheduled again,
 * {@link #RECHECK} at a time, until it is taken or {@code workers.control.busyHostWait} has passed (and
 * never past the run's own timeout); when none did, the step fails at once with {@link FailureTypes#HOST_UNREACHABLE},
 * naming the host and its queue. So a stopped agent is still reported within seconds, and a busy one is
 * waited for. The step's record says that it waited ({@link #takeNote}). Runs started before
 * {@link #CHANGE} fail on the first timeout, as they did. Workflow code.
 */
final class BusyHosts {
  /** The change that made a run wait for a busy host. */
  static final String CHANGE = "busy-host-wait";

  /**
   * Each further wait for a busy host: Temporal is asked again after it, so a host that stops while a run
   * waits for it is noticed within this.
   */
  static final Duration RECHECK = Duration.ofSeconds(30);

  /** Room left before the run's own timeout, so a run that gives up still records why. */
  private static final Duration RUN_MARGIN = Duration.ofSeconds(30);

  private static final LocalActivityOptions DESCRIBE = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(15))
      .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).setMaximumAttempts(2).build())
      .build();

  /** The detail of a {@link FailureTypes#HOST_UNREACHABLE} failure whose host was alive but stayed busy. */
  private static final String BUSY = "busy";

  /** What the current step waited for, per workflow thread: a step's body runs in the thread that records it. */
  private static final WorkflowThreadLocal<String> NOTE = new WorkflowThreadLocal<>();

  private BusyHosts() {}

  /** {@code stub} (the SDK's stub for {@code host} with {@code options}) behind a proxy that waits for a busy host. */
  static <T> T guard(Class<T> type, T stub, HostView host, ActivityOptions options) {
    if (options.getScheduleToStartTimeout() == null) {
      return stub;
    }
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new Waiting<>(type, stub, host, options)));
  }

  /** True when {@code failure} says the host's worker was alive but took no step within the wait, rather than stopped. */
  static boolean stayedBusy(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a && FailureTypes.HOST_UNREACHABLE.equals(a.getType())) {
        return a.getDetails().getSize() > 0 && BUSY.equals(a.getDetails().get(0, String.class));
      }
    }
    return false;
  }

  /** What the step running in this workflow thread waited for, once; null when it did not wait. */
  static String takeNote() {
    String note = NOTE.get();
    NOTE.set(null);
    return note;
  }

  private record Waiting<T>(Class<T> type, T stub, HostView host, ActivityOptions options) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(this, args);
      }
      long started = Workflow.currentTimeMillis();
      try {
        return call(stub, method, args);
      } catch (ActivityFailure e) {
        if (!Failures.noPoller(e) || Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) < 1) {
          throw e;
        }
        return waitForBusy(method, args, e, started);
      }
    }

    private Object waitForBusy(Method method, Object[] args, ActivityFailure first, long started) throws Throwable {
      Duration busy = Duration.ZERO;
      long queuedAt = started;
      while (true) {
        HostQueueState queue = describe(queuedAt);
        if (!queue.alive()) {
          throw stopped(queue, first);
        }
        Duration left = min(queue.busyWait().minus(busy), runLeft());
        if (left.compareTo(Duration.ofSeconds(1)) < 0) {
          NOTE.set(null); // the failure says it all
          throw ApplicationFailure.newNonRetryableFailureWithCause("timed out (schedule-to-start): " + who()
              + " is alive (" + queue.evidence() + ") but took no step from " + host.taskQueue() + " in "
              + seconds(Workflow.currentTimeMillis() - started) + " (workers.control.busyHostWait: "
              + queue.busyWait().toSeconds() + " s)", FailureTypes.HOST_UNREACHABLE, first, BUSY);
        }
        Duration next = min(RECHECK, left);
        NOTE.set(who() + " was alive (" + queue.evidence() + ") but busy; waiting for it since "
            + seconds(Workflow.currentTimeMillis() - started) + " after scheduling");
        T again = Workflow.newActivityStub(type, ActivityOptions.newBuilder(options).setScheduleToStartTimeout(next).build());
        queuedAt = Workflow.currentTimeMillis();
        try {
          Object value = call(again, method, args);
          NOTE.set(who() + " was alive (" + queue.evidence() + ") but busy; it took the step "
              + seconds(Workflow.currentTimeMillis() - started) + " after it was scheduled");
          return value;
        } catch (ActivityFailure e) {
          if (!Failures.noPoller(e)) {
            throw e;
          }
          busy = busy.plus(next);
        }
      }
    }

    /** What Temporal says of the host's queue; not alive when it could not be asked (the run fails as it did before). */
    private HostQueueState describe(long queuedAt) {
      try {
        return Workflow.newLocalActivityStub(HostQueueActivities.class, DESCRIBE)
            .describeHostQueue(new HostQueueRequest(host.name(), host.taskQueue(), Instant.ofEpochMilli(queuedAt)));
      } catch (ActivityFailure e) {
        return new HostQueueState(host.taskQueue(), 0, -1, false,
            "the control worker could not ask Temporal whether a worker polls it: " + Failures.describe(e), Duration.ZERO);
      }
    }

    private ApplicationFailure stopped(HostQueueState queue, ActivityFailure first) {
      return ApplicationFailure.newNonRetryableFailureWithCause("timed out (schedule-to-start): nothing took the step from "
          + host.taskQueue() + " within " + options.getScheduleToStartTimeout().toSeconds() + " s, and " + queue.evidence()
          + ": is " + who() + " running?", FailureTypes.HOST_UNREACHABLE, first);
    }

    private String who() {
      return host.mode() == HostMode.SSH ? "the control worker serving SSH host " + host.name() : "the agent of host " + host.name();
    }
  }

  private static Object call(Object stub, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(stub, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Time left before the run's own timeout, less a margin; unbounded when it has none. */
  private static Duration runLeft() {
    Duration timeout = Workflow.getInfo().getWorkflowExecutionTimeout();
    if (timeout == null || timeout.isZero()) {
      return Duration.ofDays(365);
    }
    long end = Workflow.getInfo().getRunStartedTimestampMillis() + timeout.toMillis();
    return Duration.ofMillis(end - Workflow.currentTimeMillis()).minus(RUN_MARGIN);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String seconds(long millis) {
    return Math.round(millis / 1000.0) + " s";
  }
}
