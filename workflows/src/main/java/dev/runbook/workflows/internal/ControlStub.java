package dev.runbook.workflows.internal;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.workflow.Workflow;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * A stub for control-queue activities (catalog, configuration, Bitbucket, notifications) that runs them
 * as local activities in runs started since {@link #CHANGE}, and as activities on the control queue in
 * runs started before (so that their recorded histories replay). The control worker runs both the
 * workflows and these activities, so a local activity skips two trips through the server (the activity
 * task and the workflow task that follows it), and several of them run within one workflow task. Their
 * results are recorded in the history all the same; a local activity whose marker was not recorded when
 * the worker died runs again on replay, which every control activity allows (they are idempotent).
 * Workflow code.
 */
final class ControlStub {
  /** The change that made control-queue calls local activities. */
  static final String CHANGE = "control-steps-local";

  private ControlStub() {}

  /** A stub of {@code type}: local with the options derived from {@code options} in new runs, else remote. */
  static <T> T of(Class<T> type, ActivityOptions options) {
    Choice<T> choice = new Choice<>(Workflow.newActivityStub(type, options), Workflow.newLocalActivityStub(type, local(options)));
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, choice));
  }

  /**
   * The SDK's own stub behind {@code stub} for this run (or {@code stub} itself when it is not one of
   * these), for {@code Async.procedure(stub::method, ...)}: on the SDK's stub the call is scheduled at once,
   * in this workflow thread, as runs recorded before {@link #CHANGE} did; on the proxy it would run later
   * in a thread of its own, and the commands would come in another order.
   */
  @SuppressWarnings("unchecked")
  static <T> T actual(T stub) {
    if (Proxy.isProxyClass(stub.getClass()) && Proxy.getInvocationHandler(stub) instanceof Choice<?> choice) {
      return (T) choice.current();
    }
    return stub;
  }

  /** Sends each call to the local or the remote stub, as the run's version says. */
  private record Choice<T>(T remote, T local) implements InvocationHandler {
    T current() {
      return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1 ? local : remote;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(this, args);
      }
      try {
        return method.invoke(current(), args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /**
   * The same bounds as a local activity: each attempt's start-to-close and the retry policy (attempts,
   * backoff, types not retried) as given.
   */
  static LocalActivityOptions local(ActivityOptions options) {
    LocalActivityOptions.Builder b = LocalActivityOptions.newBuilder()
        .setStartToCloseTimeout(options.getStartToCloseTimeout())
        .setRetryOptions(options.getRetryOptions());
    if (options.getScheduleToCloseTimeout() != null) {
      b.setScheduleToCloseTimeout(options.getScheduleToCloseTimeout());
    }
    return b.build();
  }
}
