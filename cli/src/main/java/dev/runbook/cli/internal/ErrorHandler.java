package dev.runbook.cli.internal;

import dev.runbook.activities.catalog.CatalogUnavailableException;
import dev.runbook.activities.config.ConfigException;
import dev.runbook.activities.config.Problem;
import dev.runbook.cli.ExitCode;
import dev.runbook.worker.TemporalBinary;
import dev.runbook.worker.TemporalDevServer;
import dev.runbook.worker.TemporalConnection;
import dev.runbook.worker.TemporalSettings;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Maps exceptions to exit codes and one clear line each; stack traces only with {@code --verbose}. */
public final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    int code;
    if (e instanceof CliException c) {
      err.println(c.getMessage());
      code = c.exitCode();
    } else if (e instanceof ConfigException c) {
      err.println(c.file() + ": " + c.problems().size() + " problem" + (c.problems().size() == 1 ? "" : "s") + ":");
      for (Problem p : c.problems()) {
        err.println("  " + p);
      }
      code = ExitCode.INVALID_INPUT;
    } else if (e instanceof TemporalSettings.SettingsException) {
      err.println(e.getMessage());
      code = ExitCode.INVALID_INPUT;
    } else if (e instanceof CatalogUnavailableException || e instanceof TemporalConnection.TemporalUnavailableException
        || e instanceof TemporalDevServer.PortInUseException || e instanceof TemporalDevServer.AlreadyRunningException
        || e instanceof TemporalDevServer.StartFailedException || e instanceof TemporalBinary.MissingException) {
      err.println(e.getMessage());
      code = ExitCode.UNEXPECTED_STATE;
    } else {
      err.println("internal error: " + e + (verbose(parsed) ? "" : " (run with --verbose for the stack trace)"));
      code = ExitCode.INTERNAL_ERROR;
    }
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** True when {@code --verbose} was given anywhere on the command line. */
  public static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
