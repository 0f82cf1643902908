package dev.runbook.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels: quiet for short commands, what-it-runs for long-running processes, everything with --verbose. */
public final class Logging {
  private Logging() {}

  /** Short commands print their own output; only warnings are logged. */
  public static void command(boolean verbose) {
    set(verbose ? Level.DEBUG : Level.WARN, verbose ? Level.INFO : Level.WARN);
  }

  /** Long-running processes (server, up, worker, agent) log what they run. */
  public static void service(boolean verbose) {
    set(verbose ? Level.DEBUG : Level.INFO, verbose ? Level.INFO : Level.WARN);
  }

  private static void set(Level ours, Level others) {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(others);
      ctx.getLogger("dev.runbook").setLevel(ours);
    }
  }
}
