package dev.runbook.activities.host;

import dev.runbook.activities.config.ServicesConfig;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.workflows.host.ServiceAction;
import dev.runbook.workflows.host.ServiceResult.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The commands of a service provider for one node, and how their status output reads. */
final class ServiceCommands {
  static final Duration TIMEOUT = Duration.ofMinutes(10);
  static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);

  private final ServicesConfig config;
  private final Map<String, String> env;
  /** What a status script reports on: {@code bitbucket}, or {@code mesh} for a Bitbucket Mesh node. */
  private final String service;

  ServiceCommands(ServicesConfig config, String instance, String node) {
    this(config, instance, node, "bitbucket");
  }

  ServiceCommands(ServicesConfig config, String instance, String node, String service) {
    this.config = config;
    this.env = Map.of("RUNBOOK_INSTANCE", instance, "RUNBOOK_NODE", node);
    this.service = service;
  }

  /** The commands that stop or start the services, in the order to run them. */
  List<Command> commands(ServiceAction action) {
    if (config instanceof ServicesConfig.Systemd s) {
      List<String> units = new ArrayList<>(s.units());
      if (action == ServiceAction.STOP) {
        java.util.Collections.reverse(units);
      }
      String verb = action == ServiceAction.STOP ? "stop" : "start";
      return units.stream().map(u -> Command.of(TIMEOUT, "systemctl", verb, u).asPrivileged()).toList();
    }
    ServicesConfig.Command c = (ServicesConfig.Command) config;
    Command script = Command.of(TIMEOUT, action == ServiceAction.STOP ? c.stop() : c.start())
        .withEnv(withAction(action));
    return List.of(c.privileged() ? script.asPrivileged() : script);
  }

  /** Each unit's state: {@code active}, {@code inactive}, {@code failed}, or {@code unknown}. */
  List<UnitState> status(HostShell shell, Runnable tick) {
    if (config instanceof ServicesConfig.Systemd s) {
      // is-active exits non-zero when any unit is not active; its output still names each state.
      List<String> argv = new ArrayList<>(List.of("systemctl", "is-active"));
      argv.addAll(s.units());
      CommandResult r = shell.run(new Command(argv, false, STATUS_TIMEOUT, Map.of(), Map.of()), tick);
      List<String> lines = r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      List<UnitState> states = new ArrayList<>();
      for (int i = 0; i < s.units().size(); i++) {
        states.add(new UnitState(s.units().get(i), i < lines.size() ? lines.get(i) : "unknown"));
      }
      return states;
    }
    ServicesConfig.Command c = (ServicesConfig.Command) config;
    if (c.status() == null) {
      return List.of(new UnitState(service, "unknown (no status script)"));
    }
    Command script = Command.of(STATUS_TIMEOUT, c.status()).withEnv(withAction(ServiceAction.STATUS));
    int exit = shell.run(c.privileged() ? script.asPrivileged() : script, tick).exitCode();
    return List.of(new UnitState(service, exit == 0 ? "active" : exit == 3 ? "inactive" : "unknown (status exit " + exit + ")"));
  }

  private Map<String, String> withAction(ServiceAction action) {
    Map<String, String> all = new java.util.LinkedHashMap<>(env);
    all.put("RUNBOOK_ACTION", action.id());
    return all;
  }
}
