package dev.runbook.activities.host;

import dev.runbook.activities.Version;
import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.ExecException;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.PingRequest;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceRequest;
import dev.runbook.workflows.host.ServiceResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Function;

/**
 * {@link HostActivities} for host {@code hostName}: run by its agent (commands on this machine) or,
 * for SSH hosts, by the control worker (commands over SSH). Requests carry names only; what to run
 * comes from this process's own configuration, and a request for a node of another host is refused.
 */
public final class HostActivitiesImpl implements HostActivities {
  private final String hostName;
  private final ConfigSource config;
  private final ShellFactory shells;
  private final String via;

  private HostActivitiesImpl(String hostName, ConfigSource config, ShellFactory shells, String via) {
    this.hostName = hostName;
    this.config = config;
    this.shells = shells;
    this.via = via;
  }

  /** The activities an agent serves for its own host. */
  public static HostActivitiesImpl agent(String hostName, ConfigSource config) {
    return new HostActivitiesImpl(hostName, config, ShellFactory.local(config, hostName), "agent");
  }

  /** The activities the control worker serves, over SSH, for a host without an agent. */
  public static HostActivitiesImpl ssh(String hostName, ConfigSource config) {
    return new HostActivitiesImpl(hostName, config, ShellFactory.ssh(config, hostName), "ssh");
  }

  @Override
  public PingAnswer ping(PingRequest request) {
    checkHost(request.host());
    if (via.equals("agent")) {
      return new PingAnswer(hostName, machineName(), System.getProperty("user.name"), ProcessHandle.current().pid(),
          Version.get(), via);
    }
    return withShell(shell -> {
      CommandResult r = shell.run(Command.of(java.time.Duration.ofSeconds(10), "sh", "-c", "hostname; id -un"), this::heartbeat);
      String[] lines = r.stdout().strip().split("\n");
      return new PingAnswer(hostName, lines[0].strip(), lines.length > 1 ? lines[1].strip() : "?",
          ProcessHandle.current().pid(), Version.get(), via);
    });
  }

  @Override
  public ServiceResult stopServices(ServiceRequest request) {
    return services(request, ServiceAction.STOP);
  }

  @Override
  public ServiceResult startServices(ServiceRequest request) {
    return services(request, ServiceAction.START);
  }

  @Override
  public ServiceResult serviceStatus(ServiceRequest request) {
    return services(request, ServiceAction.STATUS);
  }

  private ServiceResult services(ServiceRequest request, ServiceAction action) {
    checkHost(request.host());
    InstanceConfig in = ConfigActivitiesImpl.instance(config, request.instance());
    InstanceConfig.NodeConfig node = in.node(request.node()).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "instance " + in.name() + " has no node " + request.node(), FailureTypes.CONFIG_INVALID));
    if (!hostName.equals(node.host())) {
      throw ApplicationFailure.newNonRetryableFailure("node " + node.name() + " of " + in.name() + " runs on host "
          + node.host() + ", not on " + hostName, FailureTypes.WRONG_HOST);
    }
    ServiceCommands commands = new ServiceCommands(in.services(), in.name(), node.name());
    return withShell(shell -> {
      if (action != ServiceAction.STATUS) {
        for (Command c : commands.commands(action)) {
          CommandResult r = shell.run(c, this::heartbeat);
          if (!r.ok()) {
            throw ApplicationFailure.newFailure(c.display() + " exited " + r.exitCode() + " on " + hostName
                + (r.lastLine().isEmpty() ? "" : ": " + r.lastLine()), FailureTypes.COMMAND_FAILED);
          }
        }
      }
      return new ServiceResult(hostName, node.name(), action, commands.status(shell, this::heartbeat), ranOn());
    });
  }

  private <T> T withShell(Function<HostShell, T> work) {
    try (HostShell shell = shells.open()) {
      return work.apply(shell);
    } catch (ExecException e) {
      throw e.retryable()
          ? ApplicationFailure.newFailure(e.getMessage(), e.type())
          : ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }

  private void heartbeat() {
    // A cancelled or timed-out activity throws here, which kills the running command.
    Activity.getExecutionContext().heartbeat(null);
  }

  private void checkHost(String requested) {
    if (!hostName.equals(requested)) {
      throw ApplicationFailure.newNonRetryableFailure("this worker serves host " + hostName + ", not "
          + requested + "; two workers poll the same queue", FailureTypes.WRONG_HOST);
    }
  }

  private String ranOn() {
    return (via.equals("agent") ? "agent pid " : "ssh from control worker pid ") + ProcessHandle.current().pid()
        + " on " + machineName();
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
