package dev.runbook.cli;

import dev.runbook.cli.internal.ErrorHandler;
import dev.runbook.cli.internal.Logging;
import dev.runbook.cli.internal.VersionProvider;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    footerHeading = "%nExit codes:%n",
    footer = {"  0  ok", "  1  the runbook failed, or a check found a problem", "  2  invalid input (nothing was changed)",
        "  3  unexpected state: no Temporal server or worker, catalog unreachable, run already going",
        "  4  internal error (--verbose prints the stack trace)"})
public final class Main implements Runnable {
  /**
   * The subcommands in the order help lists them. Registered here rather than in the annotation so that
   * a command line naming one builds (by reflection) only that one: picocli would otherwise build all of
   * them, and load the Temporal SDK types their fields name, for every command, even {@code --version}.
   */
  static final List<Map.Entry<String, Class<?>>> COMMANDS = List.of(
      Map.entry("demo", DemoCommand.class),
      Map.entry("up", UpCommand.class),
      Map.entry("server", ServerCommand.class),
      Map.entry("worker", WorkerCommand.class),
      Map.entry("agent", AgentCommand.class),
      Map.entry("webhook", WebhookCommand.class),
      Map.entry("backup", BackupCommand.class),
      Map.entry("restore", RestoreCommand.class),
      Map.entry("verify", VerifyCommand.class),
      Map.entry("approve", ApproveCommand.class),
      Map.entry("reject", RejectCommand.class),
      Map.entry("follow", FollowCommand.class),
      Map.entry("cancel", CancelCommand.class),
      Map.entry("check", CheckCommand.class),
      Map.entry("hosts", HostsCommand.class),
      Map.entry("sweep", SweepCommand.class),
      Map.entry("services", ServicesCommand.class),
      Map.entry("mirror", MirrorCommand.class),
      Map.entry("schedules", SchedulesCommand.class),
      Map.entry("status", StatusCommand.class),
      Map.entry("history", HistoryCommand.class),
      Map.entry("show", ShowCommand.class),
      Map.entry("evidence", EvidenceCommand.class),
      Map.entry("ui-links", UiLinksCommand.class),
      Map.entry("config", ConfigCommand.class));

  /** Root options that take no parameter; a command line of only these has no subcommand to build. */
  private static final Set<String> ROOT_FLAGS = Set.of("-h", "--help", "-V", "--version", "--verbose");

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
    CommandLine cmd = commandLine(args);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(new ErrorHandler());
    cmd.setExecutionStrategy(parsed -> {
      if (!helpRequested(parsed)) { // help and --version print and exit: no logging to set up
        Logging.command(ErrorHandler.verbose(parsed));
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    try {
      return cmd.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The command tree for {@code args}: only the subcommand they name when they name one (other than
   * {@code help}), none for a bare {@code --version}, every subcommand otherwise (usage, errors).
   */
  static CommandLine commandLine(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    List<String> given = Arrays.asList(args);
    String named = given.stream().filter(a -> !ROOT_FLAGS.contains(a)).findFirst().orElse(null);
    if (named == null && (given.contains("-V") || given.contains("--version")) && !given.contains("-h")
        && !given.contains("--help")) {
      return cmd;
    }
    for (Map.Entry<String, Class<?>> c : COMMANDS) {
      if (c.getKey().equals(named)) {
        return cmd.addSubcommand(c.getKey(), c.getValue());
      }
    }
    COMMANDS.forEach(c -> cmd.addSubcommand(c.getKey(), c.getValue()));
    return cmd.addSubcommand("help", CommandLine.HelpCommand.class);
  }

  private static boolean helpRequested(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return true;
      }
    }
    return false;
  }

  public static void main(String... args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }
}
