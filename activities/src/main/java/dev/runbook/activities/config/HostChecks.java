package dev.runbook.activities.config;

import dev.runbook.workflows.config.HostMode;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of one host: its name, and for {@code mode: ssh} the access details ssh will be given. */
final class HostChecks {
  private static final Pattern SSH_USER = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.@-]*");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.:\\[\\]_%-]+");

  private final ConfigValidator v;

  HostChecks(ConfigValidator v) {
    this.v = v;
  }

  /** Checks host {@code h} at {@code at}; {@code names} collects the names seen so far. */
  void check(String at, HostConfig h, Set<String> names) {
    v.name(at + ".name", h.name(), names, "host");
    if (h.mode() == HostMode.SSH) {
      SshConfig s = h.ssh();
      if (s == null) {
        v.add(at + ".ssh", "required for mode ssh (address, user, keyFile, knownHostsFile)");
        return;
      }
      if (v.require(at + ".ssh.address", s.address()) && !v.safety.noOption(at + ".ssh.address", s.address())) {
        v.matches(at + ".ssh.address", s.address(), ADDRESS, "a host name or IP address");
      }
      if (v.require(at + ".ssh.user", s.user()) && !v.safety.noOption(at + ".ssh.user", s.user())) {
        v.matches(at + ".ssh.user", s.user(), SSH_USER, "a user name (letters, digits, '.', '_', '-')");
      }
      v.absolute(at + ".ssh.keyFile", s.keyFile(), true);
      v.absolute(at + ".ssh.knownHostsFile", s.knownHostsFile(), true);
      if (s.port() < 1 || s.port() > 65535) {
        v.add(at + ".ssh.port", "must be between 1 and 65535");
      }
      v.positive(at + ".ssh.commandTimeout", s.commandTimeout());
    } else if (h.ssh() != null) {
      v.add(at + ".ssh", "only used with mode ssh (this host's mode is " + h.mode().id() + ")");
    }
  }
}
