package dev.runbook.cli.internal;

import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.activities.host.WatchdogCgroup;
import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.RunbookSearchAttributes;
import dev.runbook.worker.TemporalDevServer;
import dev.runbook.worker.schedules.SweepSchedule;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Helpers for the long-running commands. */
public final class Services {
  private Services() {}

  /** True when --verbose was given anywhere on the command line of {@code spec}. */
  public static boolean verbose(CommandSpec spec) {
    return ErrorHandler.verbose(spec.root().commandLine().getParseResult());
  }

  /** Prints where the server listens, its store and log, and its Web UI. */
  public static void describe(TemporalDevServer server, PrintWriter out) {
    var o = server.options();
    out.println("Temporal server on " + server.target() + " (namespace " + server.namespace() + ", closed runs kept "
        + o.retention().toDays() + " days; pid " + server.pid() + ")");
    out.println("  store: " + o.store() + "; its log: " + o.logFile());
    out.println("  Web UI: " + (server.uiAddress() == null ? "off (--headless)" : server.uiAddress()));
    out.println("  search attributes: " + String.join(", ", RunbookSearchAttributes.ALL.stream().map(k -> k.getName()).toList()));
  }

  /**
   * Blocks until Ctrl-C/SIGTERM (exit 0) or until the server's supervisor gives up (exit 3, the reason on
   * {@code err}); {@code onStop} runs either way.
   */
  public static int serveUntilStopped(TemporalDevServer server, Runnable onStop, PrintWriter err) {
    Blocker.awaitStop(onStop, server.failure());
    if (server.failure().isDone()) {
      err.println("runbook: " + server.failure().join());
      err.flush();
      return ExitCode.UNEXPECTED_STATE;
    }
    return ExitCode.OK;
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
  /** True when PID 1 is systemd, whose units kill every process of their cgroup when they stop. */
  static boolean underSystemd() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/1/comm")).strip().equals("systemd");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  public static String watchdogCgroupNote() {
    try {
      return WatchdogCgroup.fromEnvironment(System.getenv())
          .map(c -> "thaw watchdogs move to cgroup " + c.dir() + " before a freeze")
          .orElse("thaw watchdogs stay in this process's cgroup (" + WatchdogCgroup.VARIABLE + " unset)"
              + (underSystemd() ? "; WARNING: systemd runs this machine, and a stop or restart of this process's unit "
              + "during a freeze kills them too; set " + WatchdogCgroup.VARIABLE + " as the shipped units do "
              + "(docs/systemd.md)" : ""));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
    }
  }

  /**
   * Makes sure the reconciler's schedule exists ({@link SweepSchedule}); says so, or why not without
   * stopping the service: runs still work, and the next start tries again.
   */
  public static String sweepSchedule(io.temporal.client.WorkflowClient client) {
    try {
      return SweepSchedule.ensure(client);
    } catch (RuntimeException e) {
      return "schedule " + SweepSchedule.ID + " could NOT be created (" + e.getMessage() + "); run runbook sweep by hand";
    }
  }
}
