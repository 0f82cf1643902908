package dev.runbook.activities.host;

import dev.runbook.activities.Version;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.MeshNodeConfig;
import dev.runbook.workflows.host.MeshPortWait;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.InstanceHostRequest;
import dev.runbook.workflows.host.LockCleanup;
import dev.runbook.workflows.host.PingAnswer;
import dev.runbook.workflows.host.PingRequest;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceRequest;
import dev.runbook.workflows.host.ServiceResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link HostActivities} for one host: run by its agent (commands on this machine) or, for SSH
 * hosts, by the control worker (commands over SSH). Requests carry names only; what to run comes
 * from this process's own configuration, and a request for a node of another host is refused.
 */
public final class HostActivitiesImpl implements HostActivities {
  private final HostContext host;

  public HostActivitiesImpl(HostContext host) {
    this.host = host;
  }

  @Override
  public PingAnswer ping(PingRequest request) {
    host.checkHost(request.host());
    if (host.via().equals("agent")) {
      return new PingAnswer(host.hostName(), HostContext.machineName(), System.getProperty("user.name"),
          ProcessHandle.current().pid(), Version.get(), host.via());
    }
    return host.withShell(shell -> {
      CommandResult r = shell.run(Command.of(Duration.ofSeconds(10), "sh", "-c", "hostname; id -un"), host::heartbeat);
      String[] lines = r.stdout().strip().split("\n");
      return new PingAnswer(host.hostName(), lines[0].strip(), lines.length > 1 ? lines[1].strip() : "?",
          ProcessHandle.current().pid(), Version.get(), host.via());
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

  @Override
  public LockCleanup cleanGitLocks(InstanceHostRequest request) {
    host.checkHost(request.host());
    InstanceConfig in = host.instance(request.instance());
    List<String> mounts;
    if (request.mesh() == null) {
      host.requireOwnHost("the home of " + in.name(), in.home().host());
      mounts = in.home().mounts();
    } else {
      // A Mesh node keeps its repositories under <its home>/repositories, on its own host.
      MeshNodeConfig node = HostContext.meshNode(in, request.mesh());
      host.requireOwnHost("the home of Mesh node " + node.name() + " of " + in.name(), node.host());
      mounts = node.home().mounts();
    }
    return host.withShell(shell -> {
      List<String> removed = new ArrayList<>();
      for (String mount : mounts) {
        Command find = gitLockCommand(mount, request.mesh() == null ? "*/data/repositories/*" : globQuoted(mount) + "/repositories/*");
        CommandResult r = shell.run(find, host::heartbeat);
        if (!r.ok()) {
          throw ApplicationFailure.newFailure("find in " + mount + " exited " + r.exitCode() + ": " + r.lastLine(),
              FailureTypes.COMMAND_FAILED);
        }
        r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(removed::add);
      }
      return new LockCleanup(removed);
    });
  }

  /**
   * The {@code find} that deletes git's own lock files, only inside repositories (paths matching {@code repositories}):
   * HEAD, index, packed-refs, config, and under refs/. One fixed argument vector per mount, so sudoers can name it
   * exactly (docs/security.md).
   */
  static Command gitLockCommand(String mount, String repositories) {
    return Command.of(Duration.ofMinutes(30), "find", mount, "-type", "f", "-path", repositories, "(", "-name", "HEAD.lock",
        "-o", "-name", "index.lock", "-o", "-name", "packed-refs.lock", "-o", "-name", "config.lock", "-o", "(", "-path",
        "*/refs/*", "-name", "*.lock", ")", ")", "-print", "-delete").asPrivileged();
  }

  /** {@code path} as a find pattern that matches only itself. */
  private static String globQuoted(String path) {
    return path.replaceAll("([\\\\*?\\[])", "\\\\$1");
  }

  @Override
  public void setIntegrityCheck(InstanceHostRequest request) {
    host.checkHost(request.host());
    InstanceConfig in = host.instance(request.instance());
    host.requireOwnHost("the home of " + in.name(), in.home().host());
    // One sed, no shell: the line is removed where it was and appended at the end, the rest of the file
    // stays. The argument vector is fixed per value, so sudoers can name it exactly (docs/security.md).
    List<String> sed = integrityFlagCommand(request.flag(), in.propertiesFile());
    host.withShell(shell -> {
      CommandResult r = shell.run(Command.of(Duration.ofSeconds(30), sed.toArray(String[]::new)).asPrivileged(),
          host::heartbeat);
      if (!r.ok()) {
        throw ApplicationFailure.newFailure("could not set disaster.recovery=" + request.flag() + " in " + in.propertiesFile()
            + ": " + r.lastLine(), FailureTypes.COMMAND_FAILED);
      }
      return null;
    });
  }

  @Override
  public long awaitMeshPort(MeshPortWait wait) {
    host.checkHost(wait.host());
    InstanceConfig in = host.instance(wait.instance());
    MeshNodeConfig node = HostContext.meshNode(in, wait.node());
    host.requireOwnHost("Mesh node " + node.name() + " of " + in.name(), node.host());
    return PortWait.await(node.rpcPort(), wait.timeout(), host::heartbeat,
        "Mesh node " + node.name() + " (" + in.name() + ")");
  }

  /**
   * The command that sets {@code disaster.recovery} in {@code file}: GNU sed appends it at the end and
   * deletes it where it was. The file must exist and hold at least one line (Bitbucket writes it
   * at setup); sed creates nothing.
   */
  static List<String> integrityFlagCommand(boolean flag, String file) {
    // The append comes first: a d ends the cycle, so an append after it would be lost when the line
    // deleted is the last one.
    return List.of("sed", "-i", "-e", "$adisaster.recovery=" + flag, "-e", "/^disaster.recovery=/d", file);
  }

  private ServiceResult services(ServiceRequest request, ServiceAction action) {
    host.checkHost(request.host());
    HostContext.ServiceTarget in = request.isMesh() ? host.meshTarget(request.instance(), request.node())
        : host.serviceTarget(request.instance());
    InstanceConfig.NodeConfig node = in.node(request.node());
    host.requireOwnHost("node " + node.name() + " of " + in.name(), node.host());
    ServiceCommands commands = new ServiceCommands(in.services(), in.name(), node.name(),
        request.isMesh() ? "mesh" : "bitbucket");
    return host.withShell(shell -> {
      if (action != ServiceAction.STATUS) {
        for (Command c : commands.commands(action)) {
          CommandResult r = shell.run(c, host::heartbeat);
          if (!r.ok()) {
            throw ApplicationFailure.newFailure(c.display() + " exited " + r.exitCode() + " on " + host.hostName()
                + (r.lastLine().isEmpty() ? "" : ": " + r.lastLine()), FailureTypes.COMMAND_FAILED);
          }
        }
      }
      return new ServiceResult(host.hostName(), node.name(), action, commands.status(shell, host::heartbeat), host.ranOn());
    });
  }
}
