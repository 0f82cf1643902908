package dev.runbook.activities.host;

import dev.runbook.activities.Version;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.PingRequest;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@link HostActivities} as served by the agent of host {@code hostName}. */
public final class HostActivitiesImpl implements HostActivities {
  private final String hostName;

  public HostActivitiesImpl(String hostName) {
    this.hostName = hostName;
  }

  @Override
  public PingAnswer ping(PingRequest request) {
    if (!hostName.equals(request.host())) {
      throw ApplicationFailure.newNonRetryableFailure("this agent serves host " + hostName + ", not "
          + request.host() + "; two agents poll the same queue", FailureTypes.WRONG_HOST);
    }
    return new PingAnswer(hostName, machineName(), System.getProperty("user.name"), ProcessHandle.current().pid(),
        Version.get());
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
