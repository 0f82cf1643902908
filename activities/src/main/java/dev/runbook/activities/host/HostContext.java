package dev.runbook.activities.host;

import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.MeshNodeConfig;
import dev.runbook.activities.config.MirrorConfig;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.config.ServicesConfig;
import dev.runbook.activities.exec.ExecException;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every host activity of one host shares: which host it serves, its configuration, how it runs
 * commands (agent or SSH), and the checks that refuse work meant for another host.
 */
public final class HostContext {
  private final String hostName;
  private final ConfigSource config;
  private final ShellFactory shells;
  private final String via;
  private final Optional<WatchdogCgroup> watchdogCgroup;

  private HostContext(String hostName, ConfigSource config, ShellFactory shells, String via,
                      Optional<WatchdogCgroup> watchdogCgroup) {
    this.hostName = hostName;
    this.config = config;
    this.shells = shells;
    this.via = via;
    this.watchdogCgroup = watchdogCgroup;
  }

  /**
   * An agent's context: commands on this machine, thaw watchdogs moved to the cgroup this process's
   * environment names ({@link WatchdogCgroup#VARIABLE}).
   */
  public static HostContext agent(String hostName, ConfigSource config) {
    return new HostContext(hostName, config, ShellFactory.local(config, hostName), "agent",
        WatchdogCgroup.fromEnvironment(System.getenv()));
  }

  /**
   * The control worker's context for an SSH host: commands over SSH. Watchdogs stay in the remote
   * session: the worker's own cgroup, and its environment, are not the remote host's.
   */
  public static HostContext ssh(String hostName, ConfigSource config) {
    return new HostContext(hostName, config, ShellFactory.ssh(config, hostName), "ssh", Optional.empty());
  }

  /** A context with its own shells (tests). */
  public static HostContext of(String hostName, ConfigSource config, ShellFactory shells, String via) {
    return of(hostName, config, shells, via, Optional.empty());
  }

  /** A context with its own shells and watchdog cgroup (tests). */
  public static HostContext of(String hostName, ConfigSource config, ShellFactory shells, String via,
                               Optional<WatchdogCgroup> watchdogCgroup) {
    return new HostContext(hostName, config, shells, via, watchdogCgroup);
  }

  public String hostName() {
    return hostName;
  }

  public String via() {
    return via;
  }

  public ConfigSource config() {
    return config;
  }

  /** Where this host's thaw watchdogs are moved before a freeze; empty: they stay where they start. */
  public Optional<WatchdogCgroup> watchdogCgroup() {
    return watchdogCgroup;
  }

  /** Refuses a request meant for another host (two workers on one queue). */
  public void checkHost(String requested) {
    if (!hostName.equals(requested)) {
      throw ApplicationFailure.newNonRetryableFailure("this worker serves host " + hostName + ", not "
          + requested + "; two workers poll the same queue", FailureTypes.WRONG_HOST);
    }
  }

  /** The instance from this process's configuration, or a non-retryable failure. */
  public InstanceConfig instance(String name) {
    return ConfigActivitiesImpl.instance(config, name);
  }

  /** The nodes and service provider of a service step's target: an instance or, failing that, a mirror. */
  public record ServiceTarget(String name, List<InstanceConfig.NodeConfig> nodes,
                              ServicesConfig services) {
    /** The node called {@code node}, or a non-retryable failure. */
    public InstanceConfig.NodeConfig node(String node) {
      return nodes.stream().filter(n -> node.equals(n.name())).findFirst().orElseThrow(() ->
          ApplicationFailure.newNonRetryableFailure(name + " has no node " + node, FailureTypes.CONFIG_INVALID));
    }
  }

  /** The instance or mirror called {@code name} whose services a step acts on. */
  public ServiceTarget serviceTarget(String name) {
    RunbookConfig c = ConfigActivitiesImpl.current(config);
    if (c.instance(name).isEmpty() && c.mirror(name).isPresent()) {
      var m = c.mirror(name).get();
      return new ServiceTarget(m.name(), m.nodes().stream().map(MirrorConfig.MirrorNode::asNode).toList(), m.services());
    }
    var in = instance(name);
    return new ServiceTarget(in.name(), in.nodes(), in.services());
  }

  /** Mesh node {@code node} of instance {@code name} as a service target: its one node and its own services. */
  public ServiceTarget meshTarget(String name, String node) {
    InstanceConfig in = instance(name);
    MeshNodeConfig mesh = meshNode(in, node);
    return new ServiceTarget(in.name(), List.of(new InstanceConfig.NodeConfig(mesh.name(), mesh.host())), mesh.services());
  }

  /** Mesh node {@code node} of {@code in} in this process's configuration, or a non-retryable failure. */
  public static MeshNodeConfig meshNode(InstanceConfig in, String node) {
    return in.meshNode(node).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        in.name() + " has no Mesh node " + node + " in this host's configuration", FailureTypes.CONFIG_INVALID));
  }

  /** Refuses a step for a part of the instance that lives on another host. */
  public void requireOwnHost(String what, String configuredHost) {
    if (!hostName.equals(configuredHost)) {
      throw ApplicationFailure.newNonRetryableFailure(what + " is on host " + configuredHost + ", not on " + hostName,
          FailureTypes.WRONG_HOST);
    }
  }

  /** Runs {@code work} with a shell for this host, turning execution failures into typed activity failures. */
  public <T> T withShell(Function<HostShell, T> work) {
    return typed(() -> {
      try (HostShell shell = shells.open()) {
        return work.apply(shell);
      }
    });
  }

  /**
   * Like {@link #withShell}, but the shell is opened at {@code work}'s first command: providers that
   * call only APIs open no connection to the host.
   */
  public <T> T withLazyShell(Function<HostShell, T> work) {
    return typed(() -> {
      try (HostShell shell = new dev.runbook.activities.exec.LazyShell(shells::open)) {
        return work.apply(shell);
      }
    });
  }

  private static <T> T typed(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (ExecException e) {
      throw e.retryable()
          ? ApplicationFailure.newFailure(e.getMessage(), e.type())
          : ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.type());
    }
  }

  /** Heartbeats; a cancelled or timed-out activity throws here, which kills the running command. */
  public void heartbeat() {
    Activity.getExecutionContext().heartbeat(null);
  }

  /** Who runs this host's steps: {@code agent pid 123 on fs01}, or the control worker for SSH. */
  public String ranOn() {
    return (via.equals("agent") ? "agent pid " : "ssh from control worker pid ") + ProcessHandle.current().pid()
        + " on " + machineName();
  }

  static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
