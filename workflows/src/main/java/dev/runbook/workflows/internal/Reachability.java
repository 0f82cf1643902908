package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.check.HostCheck.State;
import dev.runbook.workflows.config.HostMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.PingRequest;
import dev.runbook.workflows.run.Failures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether hosts answer: every host is pinged on its own queue, in parallel, each as a recorded step.
 * Every runbook calls {@link #require} before it changes anything.
 */
public final class Reachability {
  private Reachability() {}

  /** Pings every host in parallel and reports each. */
  public static List<HostCheck> check(RunRecorder recorder, List<HostView> hosts) {
    List<Promise<HostCheck>> pings = new ArrayList<>();
    for (HostView host : hosts) {
      pings.add(Async.function(() -> ping(recorder, host)));
    }
    List<HostCheck> checks = new ArrayList<>();
    pings.forEach(p -> checks.add(p.get()));
    return checks;
  }

  /**
   * Pings every host and fails the run, naming each host that did not answer, when any did not.
   *
   * @throws ApplicationFailure {@link FailureTypes#HOST_UNREACHABLE}, not retryable: nothing was changed
   */
  public static List<HostCheck> require(RunRecorder recorder, List<HostView> hosts) {
    return requireAnswered(check(recorder, hosts));
  }

  /**
   * Fails the run, naming each host that did not answer, when any of {@code checks} did not.
   *
   * @throws ApplicationFailure {@link FailureTypes#HOST_UNREACHABLE}, not retryable: nothing was changed
   */
  public static List<HostCheck> requireAnswered(List<HostCheck> checks) {
    List<String> silent = checks.stream().filter(c -> c.state() == State.NO_ANSWER)
        .map(c -> "host " + c.host() + " (" + c.mode().id() + "): " + c.detail()).toList();
    if (!silent.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(String.join("; ", silent) + "; nothing was changed",
          FailureTypes.HOST_UNREACHABLE);
    }
    return checks;
  }

  /**
   * Waits for {@code pings} and for {@code checks} that ran beside them (checks that change nothing); a
   * host that did not answer fails the run as {@link #requireAnswered} does, before any check's own
   * failure (a silent host fails its checks too, less clearly); else the first failed check is thrown.
   */
  public static void requireWith(Promise<List<HostCheck>> pings, List<? extends Promise<?>> checks) {
    List<Promise<?>> all = new ArrayList<>(checks);
    all.add(0, pings);
    try {
      Promises.waitAll(all);
    } catch (RuntimeException e) {
      requireAnswered(pings.get());
      throw e;
    }
    requireAnswered(pings.get());
  }

  private static HostCheck ping(RunRecorder recorder, HostView host) {
    Attempt<PingAnswer> answer = recorder.attempt("ping host " + host.name(), host.name(),
        () -> HostSteps.on(host, HostSteps.PING).ping(new PingRequest(host.name())), Reachability::describe);
    if (answer.ok()) {
      return new HostCheck(host.name(), host.mode(), State.ANSWERED, describe(answer.value()));
    }
    return new HostCheck(host.name(), host.mode(), State.NO_ANSWER,
        Failures.noPoller(answer.failure()) && !BusyHosts.stayedBusy(answer.failure()) ? noPoller(host) : answer.error());
  }

  private static String noPoller(HostView host) {
    String waited = "nothing answered on " + host.taskQueue() + " within " + HostSteps.ANSWER_TIMEOUT.toSeconds() + " s";
    if (host.mode() == HostMode.SSH) {
      return waited + " (the control worker serves SSH hosts: is it running, and was it restarted after the host was added?)";
    }
    return "no agent answered on " + host.taskQueue() + " within " + HostSteps.ANSWER_TIMEOUT.toSeconds() + " s"
        + (host.mode() == HostMode.LOCAL ? " (is `runbook up` running?)" : " (start `runbook agent --host " + host.name() + "` there)");
  }

  /** One line of who answered. */
  public static String describe(PingAnswer a) {
    if ("ssh".equals(a.via())) {
      return "ssh: " + a.hostname() + " as " + a.user() + " (from control worker pid " + a.pid() + ")";
    }
    return "agent " + a.agentVersion() + " on " + a.hostname() + " as " + a.user() + " (pid " + a.pid() + ")";
  }
}
