package dev.runbook.activities.config;

import dev.runbook.workflows.config.HostMode;

/**
 * A machine steps run on.
 *
 * @param name lower-case letters, digits and '-'; its agent polls {@code runbook-host-<name>}
 * @param mode {@code local} (inside {@code runbook up}), {@code agent} (the default) or {@code ssh}
 * @param ssh how to reach it when {@code mode: ssh}
 * @param sudo prefix the few privileged commands (fsfreeze, snapshot tools, systemctl) with {@code sudo -n};
 *     false when absent. See {@code docs/security.md} for the sudoers lines.
 */
public record HostConfig(String name, HostMode mode, SshConfig ssh, Boolean sudo) {
  public HostConfig {
    mode = mode == null ? HostMode.AGENT : mode;
    sudo = sudo != null && sudo;
  }
}
