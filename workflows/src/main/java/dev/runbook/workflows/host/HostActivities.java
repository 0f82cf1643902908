package dev.runbook.workflows.host;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Steps that must run on a particular host, served by that host's agent on its own queue
 * ({@code runbook-host-<name>}). Callers set a short schedule-to-start timeout so that a host
 * without a live agent is noticed in seconds.
 */
@ActivityInterface
public interface HostActivities {
  /**
   * Answers with who and where the agent is.
   *
   * @throws io.temporal.failure.ApplicationFailure {@link FailureTypes#WRONG_HOST} (not retryable) when this
   *     agent serves another host than the one asked for
   */
  @ActivityMethod(name = "Ping")
  PingAnswer ping(PingRequest request);
}
