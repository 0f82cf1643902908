package dev.runbook.activities.config;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostList;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ListHostsRequest;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ListMirrorsRequest;
import dev.runbook.workflows.config.MirrorList;
import dev.runbook.workflows.config.MirrorRecoveryOptions;
import dev.runbook.workflows.config.ResolveMirrorRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.config.RestoreOptions;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link ConfigActivities} on the control worker's {@link ConfigSource}. */
public final class ConfigActivitiesImpl implements ConfigActivities {
  private final ConfigSource source;

  public ConfigActivitiesImpl(ConfigSource source) {
    this.source = source;
  }

  @Override
  public ResolvedInstance resolveInstance(ResolveInstanceRequest request) {
    InstanceConfig in = instance(source, request.instance());
    RunbookConfig config = source.current();
    Map<String, List<String>> roles = new LinkedHashMap<>();
    for (InstanceConfig.NodeConfig node : in.nodes()) {
      roles.computeIfAbsent(node.host(), h -> new ArrayList<>()).add("node " + node.name());
    }
    roles.computeIfAbsent(in.home().host(), h -> new ArrayList<>()).add("home");
    roles.computeIfAbsent(in.database().host(), h -> new ArrayList<>()).add("database");
    for (MeshNodeConfig m : in.mesh()) {
      roles.computeIfAbsent(m.host(), h -> new ArrayList<>()).add("Mesh node " + m.name());
    }
    List<HostView> hosts = hostViews(config, roles);
    List<ResolvedInstance.MeshView> mesh = in.mesh().stream().map(m -> new ResolvedInstance.MeshView(m.name(), m.host(),
        m.rpcPort(), m.home().snapshot().provider(), m.home().snapshot().notPointInTime() == null)).toList();
    List<ResolvedInstance.NodeView> nodes = in.nodes().stream()
        .map(n -> new ResolvedInstance.NodeView(n.name(), n.host())).toList();
    return new ResolvedInstance(in.name(), in.bitbucket().baseUrl(), in.mode(), nodes, hosts,
        in.home().snapshot().provider(), in.database().provider(), in.retention().keep(), in.home().host(),
        in.database().host(), in.drainTimeout(), new RestoreOptions(in.restore().requireApproval(),
            in.restore().approvalTimeout(), in.restore().onFailure() == RestoreConfig.OnFailure.LEAVE_STOPPED,
            in.restore().integrityCheck(), in.restore().stopTimeout(), in.restore().startTimeout(), in.restore().deadline(),
            config.approvalPolicy()),
        in.home().snapshot().notPointInTime() == null, in.backupDeadline(), mesh);
  }

  @Override
  public ResolvedMirror resolveMirror(ResolveMirrorRequest request) {
    MirrorConfig m = mirror(source, request.mirror());
    return resolve(source.current(), m);
  }

  @Override
  public MirrorList listMirrors(ListMirrorsRequest request) {
    RunbookConfig config = current(source);
    return new MirrorList(config.mirrors().stream().map(m -> resolve(config, m)).toList());
  }

  private static ResolvedMirror resolve(RunbookConfig config, MirrorConfig m) {
    Map<String, List<String>> roles = new LinkedHashMap<>();
    m.nodes().forEach(n -> roles.computeIfAbsent(n.host(), h -> new ArrayList<>()).add("mirror node " + n.name()));
    List<HostView> hosts = hostViews(config, roles);
    MirrorRecoveryConfig r = m.recovery();
    return new ResolvedMirror(m.name(), m.primary(), config.instance(m.primary()).orElseThrow().bitbucket().baseUrl(),
        m.baseUrl(), m.mirrorId(), m.nodes().stream().map(n -> new ResolvedInstance.NodeView(n.name(), n.host())).toList(),
        hosts, m.restoreInstance(), m.autoRecover(), new MirrorRecoveryOptions(r.requireApproval(), r.approvalTimeout(),
            r.installTimeout(), r.syncTimeout(), r.staleAfter(), r.pollInterval(), config.approvalPolicy()));
  }

  @Override
  public HostList listHosts(ListHostsRequest request) {
    RunbookConfig config = current(source);
    List<HostView> hosts = new ArrayList<>();
    for (HostConfig h : config.hosts()) {
      List<String> roles = new ArrayList<>();
      for (InstanceConfig in : config.instances()) {
        in.nodes().stream().filter(n -> h.name().equals(n.host())).forEach(n -> roles.add(in.name() + ": node " + n.name()));
        if (in.home() != null && h.name().equals(in.home().host())) {
          roles.add(in.name() + ": home");
        }
        if (in.database() != null && h.name().equals(in.database().host())) {
          roles.add(in.name() + ": database");
        }
      }
      for (MirrorConfig m : config.mirrors()) {
        m.nodes().stream().filter(n -> h.name().equals(n.host())).forEach(n -> roles.add(m.name() + ": mirror node " + n.name()));
      }
      hosts.add(new HostView(h.name(), h.mode(), TaskQueues.host(h.name()), List.copyOf(roles)));
    }
    return new HostList(hosts);
  }

  /**
   * The named instance, or a non-retryable failure: {@link FailureTypes#CONFIG_INVALID} or
   * {@link FailureTypes#UNKNOWN_INSTANCE}. Shared by every control activity that reads the configuration.
   */
  public static InstanceConfig instance(ConfigSource source, String name) {
    try {
      return source.instance(name);
    } catch (ConfigException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.CONFIG_INVALID);
    } catch (ConfigSource.UnknownInstanceException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.UNKNOWN_INSTANCE);
    }
  }

  /** Each host with its roles, as workflows see them. */
  private static List<HostView> hostViews(RunbookConfig config, Map<String, List<String>> roles) {
    List<HostView> hosts = new ArrayList<>();
    roles.forEach((name, what) -> hosts.add(new HostView(name, config.host(name).orElseThrow().mode(),
        TaskQueues.host(name), List.copyOf(what))));
    return hosts;
  }

  /** The current configuration, or a non-retryable {@link FailureTypes#CONFIG_INVALID} failure. */
  public static RunbookConfig current(ConfigSource source) {
    try {
      return source.current();
    } catch (ConfigException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.CONFIG_INVALID);
    }
  }

  /**
   * The named mirror, or a non-retryable failure: {@link FailureTypes#CONFIG_INVALID} or
   * {@link FailureTypes#UNKNOWN_MIRROR}.
   */
  public static MirrorConfig mirror(ConfigSource source, String name) {
    try {
      return source.mirror(name);
    } catch (ConfigException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.CONFIG_INVALID);
    } catch (ConfigSource.UnknownMirrorException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.UNKNOWN_MIRROR);
    }
  }
}
