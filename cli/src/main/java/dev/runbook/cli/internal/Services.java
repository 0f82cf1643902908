package dev.runbook.cli.internal;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.host.WatchdogCgroup;
import dev.runbook.cli.ExitCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import picocli.CommandLine.Model.CommandSpec;

/** Helpers for the long-running commands. */
public final class Services {
  private Services() {}

  /** True when --verbose was given anywhere on the command line of {@code spec}. */
  public static boolean verbose(CommandSpec spec) {
    return ErrorHandler.verbose(spec.root().commandLine().getParseResult());
  }

  /** True when something accepts connections on 127.0.0.1:{@code port}. */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Checks that {@code host} is in the configuration; exit 2 naming the known hosts otherwise. */
  public static void requireHost(RunbookConfig config, String host, String file) {
    if (config.host(host).isEmpty()) {
      throw new CliException(ExitCode.INVALID_INPUT, "no host '" + host + "' in " + file + " (hosts: "
          + String.join(", ", config.hosts().stream().map(h -> h.name()).toList()) + ")");
    }
  }

  /**
   * Where this process's thaw watchdogs go, as a line for the start-up message; checked at start so
   * that a bad {@code RUNBOOK_WATCHDOG_CGROUP} stops the agent (exit 2) instead of its first freeze.
   */
  public static String watchdogCgroupNote() {
    try {
      return WatchdogCgroup.fromEnvironment(System.getenv())
          .map(c -> "thaw watchdogs move to cgroup " + c.dir() + " before a freeze")
          .orElse("thaw watchdogs stay in this process's cgroup (" + WatchdogCgroup.VARIABLE + " unset)");
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
    }
  }
}
