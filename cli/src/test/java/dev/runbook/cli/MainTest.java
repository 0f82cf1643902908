package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.cli.internal.ErrorHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class MainTest {
  @TempDir
  Path dir;

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Cli r = Cli.run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("demo", "up", "server", "worker", "agent", "check", "history", "show", "config",
        "Exit codes:", "2  invalid input");
  }

  @Test
  void everyCommandAndOptionHasAHelpText() {
    CommandLine root = Main.commandLine();
    assertDescribed(root);
    for (String sub : new String[] {"check", "up", "config validate", "show"}) {
      Cli r = Cli.run((sub + " --help").split(" "));
      assertThat(r.exit()).as(sub).isZero();
      assertThat(r.out()).as(sub).startsWith("Usage: runbook " + sub);
    }
  }

  private static void assertDescribed(CommandLine cmd) {
    CommandSpec spec = cmd.getCommandSpec();
    assertThat(spec.usageMessage().description()).as(spec.qualifiedName()).isNotEmpty();
    for (OptionSpec o : spec.options()) {
      assertThat(o.description()).as(spec.qualifiedName() + " " + o.longestName()).isNotEmpty();
      assertThat(String.join("", o.description())).as(spec.qualifiedName() + " " + o.longestName()).isNotBlank();
    }
    cmd.getSubcommands().values().stream().filter(c -> !c.getCommandName().equals("help")).forEach(MainTest::assertDescribed);
  }

  @Test
  void versionPrintsTheBuildVersion() {
    Cli r = Cli.run("--version");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("runbook 0.1.0");
  }

  @Test
  void aCommandLineBuildsOnlyTheCommandItNames() {
    assertThat(Main.commandLine("--verbose", "history", "--limit", "3").getSubcommands().keySet()).containsExactly("history");
    assertThat(Main.commandLine("--version").getSubcommands()).isEmpty();
    assertThat(Main.commandLine("--version", "--help").getSubcommands()).containsKeys("history", "help");
    assertThat(Main.commandLine("histroy").getSubcommands()).containsKeys("history", "help");
    // Each name in the table is the one its class declares, so `runbook NAME` runs the command help lists.
    Main.COMMANDS.forEach(c -> assertThat(c.getValue().getAnnotation(Command.class).name()).isEqualTo(c.getKey()));
    Cli typo = Cli.run("histroy");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.err()).contains("Did you mean", "history");
  }

  @Test
  void badUsageIsExit2() {
    assertThat(Cli.run("--bogus").exit()).isEqualTo(2);
    assertThat(Cli.run().exit()).isEqualTo(2);
    assertThat(Cli.run("check", "--instance").exit()).isEqualTo(2);
    Cli r = Cli.run("check");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--instance=NAME'");
  }

  @Test
  void configValidateReportsEveryProblemAndExits2() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        hosts:
          - name: files
            mode: agnet
        instances:
          - name: prod
            bitbucket: {baseUrl: https://bb.example.com, username: admin, password: env:X}
            nodes: [{name: node1, host: node9}]
            home: {host: files, mounts: [shared], snapshot: {provider: gcs}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /b}
        """);
    Cli r = Cli.run("config", "validate", "--no-secrets", "-c", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ": 4 problems:",
        "  hosts[0].mode: unknown value 'agnet' (one of: local, agent, ssh) (line 3)",
        "  instances[0].nodes[0].host: no host named 'node9' in hosts (hosts: files) (line 7)",
        "  instances[0].home.mounts[0]: not an absolute path (line 8)",
        "  instances[0].home.snapshot.provider: unknown provider 'gcs' (one of: btrfs, zfs, lvm, command, rsync, ebs) (line 8)");
    assertThat(r.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void theDocumentedExampleValidates() {
    Cli r = Cli.run("config", "validate", "--no-secrets", "-c", "../docs/examples/runbook.yaml");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("valid", "prod (zero-downtime, 2 nodes, home btrfs, database postgresql)",
        "approval: named (weaker): approvals are names as given, not proven");
  }

  @Test
  void missingSecretsAreNamedWithoutValues() {
    Cli r = Cli.run("config", "validate", "-c", "../docs/examples/runbook.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("instances[0].bitbucket.password: environment variable BITBUCKET_ADMIN_PASSWORD "
        + "(env:BITBUCKET_ADMIN_PASSWORD) is not set (line 37)");
  }

  @Test
  void malformedYamlIsOneLineWithItsLine() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "hosts:\n  - name: a\n   mode: agent\n");
    Cli r = Cli.run("config", "validate", "-c", bad.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).containsPattern("not valid YAML: .*\\(line 3\\)");
  }

  @Test
  void aTemporalTargetThatDoesNotAnswerIsExit3WithTheFix() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli r = Cli.run("check", "-c", "../docs/examples/runbook.yaml", "--instance", "prod", "--temporal-target", "127.0.0.1:" + port);
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("no Temporal server answers at 127.0.0.1:" + port)
        .endsWith("start one with `runbook up -c FILE` (embedded, single machine) or pass --temporal-target HOST:PORT")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownInstanceIsExit2BeforeAnythingIsContacted() {
    Cli r = Cli.run("check", "-c", "../docs/examples/runbook.yaml", "--instance", "prdo");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("no instance 'prdo' in ../docs/examples/runbook.yaml (instances: prod)");
  }

  @Test
  void aCatalogThatCannotConnectIsExit3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Cli r = Cli.run("history", "--catalog", "jdbc:postgresql://127.0.0.1:" + port + "/runbook");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err().strip()).startsWith("catalog jdbc:postgresql://127.0.0.1:" + port + "/runbook: ").doesNotContain("\n");
  }

  @Test
  void incompleteTlsOptionsAreExit2() {
    Cli r = Cli.run("check", "-c", "../docs/examples/runbook.yaml", "--instance", "prod", "--tls-cert", "/etc/hostname");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("TLS client certificate and key go together (from the command line)");
  }

  @Test
  void readingCommandsNeitherCreateACatalogNorMigrateIt() {
    Cli missing = Cli.run("history", "--catalog", dir.resolve("c.db").toString());
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).startsWith("no catalog at " + dir.resolve("c.db") + " yet");
    assertThat(dir.resolve("c.db")).doesNotExist();

    dev.runbook.activities.catalog.Catalog.open(dev.runbook.activities.catalog.CatalogLocation.sqlite(dir.resolve("c.db")),
        new dev.runbook.activities.config.Secrets(java.util.Map.of()));
    Cli r = Cli.run("history", "--catalog", dir.resolve("c.db").toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("no runs recorded in jdbc:sqlite:");
    assertThat(Cli.run("show", "abc", "--catalog", dir.resolve("c.db").toString()).exit()).isEqualTo(2);
  }

  @Test
  void statusWithoutTemporalStillJudgesTheObjectivesAndSaysWhatIsUnknown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("objectives.yaml");
    Files.writeString(config, Files.readString(Path.of("../docs/examples/runbook.yaml"))
        .replaceFirst("(?m)^(  - name: prod\n)", "$1    rpo: 26h\n"));
    dev.runbook.activities.catalog.Catalog.open(dev.runbook.activities.catalog.CatalogLocation.sqlite(dir.resolve("s.db")),
        new dev.runbook.activities.config.Secrets(java.util.Map.of()));
    Cli r = Cli.run("status", "-c", config.toString(), "--instance", "prod", "--catalog", dir.resolve("s.db").toString(),
        "--temporal-target", "127.0.0.1:" + port);
    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("prod: OBJECTIVE MISSED", "newest restore point   none complete",
        "awaiting approval      unknown (Temporal did not answer)", "next scheduled         unknown (Temporal did not answer)",
        "MISSED                 RPO: no complete restore point (objective 1d 2h)", "Temporal did not answer, so runs awaiting");
    Cli unknown = Cli.run("status", "-c", config.toString(), "--instance", "nope", "--catalog", dir.resolve("s.db").toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no instance 'nope'", "(instances: prod");
  }

  @Test
  void unknownHistoryFilterValuesAreExit2WithTheValidOnes() {
    Cli runbook = Cli.run("history", "--runbook", "bakup", "--catalog", dir.resolve("none.db").toString());
    assertThat(runbook.exit()).isEqualTo(2);
    assertThat(runbook.err()).contains("'bakup'; valid values: check, hosts, services, backup, prune, restore");
    Cli status = Cli.run("history", "--status", "done", "--catalog", dir.resolve("none.db").toString());
    assertThat(status.exit()).isEqualTo(2);
    assertThat(status.err()).contains("valid values: running, succeeded, failed, cancelled");
    Cli since = Cli.run("history", "--since", "yesterday", "--catalog", dir.resolve("none.db").toString());
    assertThat(since.exit()).isEqualTo(2);
    assertThat(since.err()).contains("'yesterday' is neither a date");
  }

  @Command(name = "boom")
  static final class Boom implements Runnable {
    @Option(names = "--verbose")
    boolean verbose;

    @Override
    public void run() {
      throw new IllegalStateException("unexpected");
    }
  }

  @Test
  void unexpectedErrorsAreExit4WithAStackTraceOnlyWhenVerbose() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new Boom()).setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(new ErrorHandler());
    assertThat(cmd.execute()).isEqualTo(4);
    assertThat(err.toString().strip()).isEqualTo(
        "internal error: java.lang.IllegalStateException: unexpected (run with --verbose for the stack trace)");
    StringWriter verboseErr = new StringWriter();
    cmd.setErr(new PrintWriter(verboseErr, true));
    assertThat(cmd.execute("--verbose")).isEqualTo(4);
    assertThat(verboseErr.toString()).contains("\tat dev.runbook.cli.MainTest$Boom.run");
  }
}
