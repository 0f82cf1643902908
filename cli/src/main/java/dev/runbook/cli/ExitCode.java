package dev.runbook.cli;

/** The exit codes of every {@code runbook} command. */
public final class ExitCode {
  /** The command did what was asked; a check found nothing wrong. */
  public static final int OK = 0;
  /** The runbook ran and failed, or a check found a problem. */
  public static final int RUNBOOK_FAILED = 1;
  /** Bad input: options, configuration, names. Nothing was changed. */
  public static final int INVALID_INPUT = 2;
  /** The world is not as expected: no Temporal server, no worker, catalog unreachable, a run already going. */
  public static final int UNEXPECTED_STATE = 3;
  /** A bug or an unforeseen error; {@code --verbose} prints the stack trace. */
  public static final int INTERNAL_ERROR = 4;

  private ExitCode() {}
}
