package dev.runbook.activities.host;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.HostConfig;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.exec.LocalShell;
import dev.runbook.activities.exec.SshShell;

/** Opens a {@link HostShell} for one activity, from the host's current configuration. */
@FunctionalInterface
public interface ShellFactory {
  HostShell open();

  /** Commands on this machine, with sudo as the host's configuration says (agents). */
  static ShellFactory local(ConfigSource config, String host) {
    return () -> new LocalShell(hostConfig(config, host).sudo());
  }

  /** Commands over SSH as the host's configuration says (the control worker, for SSH hosts). */
  static ShellFactory ssh(ConfigSource config, String host) {
    return () -> {
      HostConfig h = hostConfig(config, host);
      return SshShell.connect(host, h.ssh(), h.sudo());
    };
  }

  private static HostConfig hostConfig(ConfigSource config, String host) {
    return config.current().host(host).orElseThrow(() -> new IllegalStateException(
        "host " + host + " is no longer in " + config.file() + "; restart this process after changing hosts"));
  }
}
