package dev.runbook.cli;

import dev.runbook.cli.internal.ErrorHandler;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.VersionProvider;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code runbook} command. Tests call {@link #run}; only {@link #main} exits. */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Runs Bitbucket Data Center backup, restore and mirror-recovery procedures as durable Temporal "
        + "workflows, and records every run for audit.",
    subcommands = {
        DemoCommand.class,
        UpCommand.class,
        ServerCommand.class,
        WorkerCommand.class,
        AgentCommand.class,
        WebhookCommand.class,
        BackupCommand.class,
        RestoreCommand.class,
        VerifyCommand.class,
        ApproveCommand.class,
        RejectCommand.class,
        FollowCommand.class,
        CancelCommand.class,
        CheckCommand.class,
        HostsCommand.class,
        SweepCommand.class,
        ServicesCommand.class,
        MirrorCommand.class,
        SchedulesCommand.class,
        StatusCommand.class,
        HistoryCommand.class,
        ShowCommand.class,
        EvidenceCommand.class,
        UiLinksCommand.class,
        ConfigCommand.class,
        CommandLine.HelpCommand.class},
    footerHeading = "%nExit codes:%n",
    footer = {"  0  ok", "  1  the runbook failed, or a check found a problem", "  2  invalid input (nothing was changed)",
        "  3  unexpected state: no Temporal server or worker, catalog unreachable, run already going",
        "  4  internal error (--verbose prints the stack trace)"})
public final class Main implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Log what happens and print stack traces of unexpected errors.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command; see the list above.");
  }

  /** Runs {@code runbook args...}, writing to {@code out} and {@code err}, and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setExecutionStrategy(parsed -> {
      Logging.command(ErrorHandler.verbose(parsed));
      return new CommandLine.RunLast().execute(parsed);
    });
    try {
      return cmd.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  public static void main(String... args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }
}
