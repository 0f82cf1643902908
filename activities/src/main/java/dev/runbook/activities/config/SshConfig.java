package dev.runbook.activities.config;

import java.time.Duration;

/**
 * SSH access to a host without an agent. Host keys are always verified against {@link #knownHostsFile}.
 *
 * @param address host name or IP address
 * @param port SSH port; 22 when absent
 * @param user the login user
 * @param keyFile absolute path of the private key file
 * @param knownHostsFile absolute path of the known_hosts file holding the host's key
 * @param commandTimeout how long one command may run; 10 minutes when absent
 */
public record SshConfig(String address, Integer port, String user, String keyFile, String knownHostsFile,
                        Duration commandTimeout) {
  public SshConfig {
    port = port == null ? 22 : port;
    commandTimeout = commandTimeout == null ? Duration.ofMinutes(10) : commandTimeout;
  }
}
