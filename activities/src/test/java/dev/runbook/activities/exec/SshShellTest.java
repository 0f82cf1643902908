package dev.runbook.activities.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.SshConfig;
import dev.runbook.testkit.SshServerFixture;
import dev.runbook.testkit.Pids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SSH execution against a real OpenSSH server on 127.0.0.1. */
class SshShellTest {
  static SshServerFixture sshd;

  @BeforeAll
  static void start() {
    sshd = SshServerFixture.create();
  }

  @AfterAll
  static void stop() {
    sshd.close();
  }

  private static SshConfig config(Path key, Path knownHosts) {
    return new SshConfig(sshd.host(), sshd.port(), sshd.user(), key.toString(), knownHosts.toString(), null);
  }

  private static SshShell connect() {
    return SshShell.connect("db", config(sshd.clientKey(), sshd.knownHosts()), false);
  }

  @Test
  void runsCommandsAndReturnsExitCodesAndOutput() {
    try (SshShell shell = connect()) {
      CommandResult r = shell.run(Command.of(Duration.ofSeconds(10), "sh", "-c", "echo out; echo err >&2; exit 3"), () -> { });
      assertThat(r.exitCode()).isEqualTo(3);
      assertThat(r.stdout()).isEqualTo("out\n");
      assertThat(r.stderr()).isEqualTo("err\n");
      assertThat(shell.run(Command.of(Duration.ofSeconds(10), "echo", "it's a \"quoted\" $HOME"), () -> { }).stdout())
          .isEqualTo("it's a \"quoted\" $HOME\n");
      assertThat(shell.describe()).endsWith(" as " + sshd.user());
    }
  }

  @Test
  void oneConnectionServesEveryCommandOfAnActivity() {
    try (SshShell shell = connect()) {
      Command clientPort = Command.of(Duration.ofSeconds(10), "sh", "-c", "echo $SSH_CONNECTION | cut -d' ' -f2");
      String first = shell.run(clientPort, () -> { }).stdout();
      String second = shell.run(clientPort, () -> { }).stdout();
      assertThat(first).isNotBlank().isEqualTo(second);
    }
  }

  @Test
  void secretsTravelOnStdinAndAreMaskedInOutput() throws Exception {
    Path ps = sshd.dir().resolve("ps.txt");
    Command c = new Command(List.of("sh", "-c", "echo \"password is $PGPASSWORD\"; ps -eo args > " + ps),
        false, Duration.ofSeconds(10), Map.of("PGHOST", "127.0.0.1"), Map.of("PGPASSWORD", "Wh1sper-S3cret"));
    assertThat(c.display()).isEqualTo("PGHOST=127.0.0.1 PGPASSWORD=*** sh -c 'echo \"password is $PGPASSWORD\"; ps -eo args > " + ps + "'");
    try (SshShell shell = connect()) {
      CommandResult r = shell.run(c, () -> { });
      assertThat(r.stdout()).isEqualTo("password is ***\n");
    }
    // While the command ran, no process on the host carried the secret on its command line.
    assertThat(Files.readString(ps)).contains("ps -eo args").doesNotContain("Wh1sper");
  }

  @Test
  void aMultiLineSecretReachesTheCommandWholeAndIsNeverReadAsAWatchdogCommand() {
    // Each line on its own would have been read as "kill" by the remote watchdog before.
    String secret = "first line\nkill\n\nlast 'quoted' $line\n\n";
    Command c = new Command(List.of("sh", "-c", "printf %s \"$PGPASSWORD\" | od -An -c | tr -d ' \\n'; sleep 1; echo; echo done"),
        false, Duration.ofSeconds(20), Map.of(), Map.of("PGPASSWORD", secret));
    String expected = secret.replace("\n", "\\n").replace(" ", ""); // as od -c spells it, blanks dropped
    try (SshShell shell = connect()) {
      CommandResult r = shell.run(c, () -> { });
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      assertThat(r.stdout()).isEqualTo(expected + "\ndone\n");
    }
  }

  @Test
  void aTimeoutKillsTheRemoteCommand() throws Exception {
    Path pidFile = sshd.dir().resolve("sleeper.pid");
    try (SshShell shell = connect()) {
      assertThatThrownBy(() -> shell.run(Command.of(Duration.ofSeconds(2), "sh", "-c",
          "echo $$ > " + pidFile + "; exec sleep 60"), () -> { }))
          .isInstanceOfSatisfying(ExecException.class, e -> {
            assertThat(e.type()).isEqualTo(ExecException.COMMAND_TIMED_OUT);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("did not finish within 2 s and was killed");
          });
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(Pids.stops(pid, 5000)).as("remote sleep still running").isTrue();
  }

  @Test
  void aRemoteCommandDiesWithItsConnection() throws Exception {
    Path pidFile = sshd.dir().resolve("orphan.pid");
    SshShell shell = connect();
    Thread runner = new Thread(() -> {
      try {
        shell.run(Command.of(Duration.ofSeconds(60), "sh", "-c", "echo $$ > " + pidFile + "; exec sleep 60"), () -> { });
      } catch (RuntimeException e) {
        // The connection is closed under it.
      }
    });
    runner.start();
    while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
      Thread.sleep(50);
    }
    shell.close(); // as when the control worker dies mid-command
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(Pids.stops(pid, 5000)).as("orphaned remote sleep still running").isTrue();
    runner.join(10_000);
  }

  @Test
  void aChangedHostKeyIsRefusedNamingTheHostAndFingerprint() {
    assertThatThrownBy(() -> SshShell.connect("db", config(sshd.clientKey(), sshd.changedKnownHosts()), false))
        .isInstanceOfSatisfying(ExecException.class, e -> {
          assertThat(e.type()).isEqualTo(ExecException.HOST_KEY_REJECTED);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).startsWith("host db (" + sshd.user() + "@127.0.0.1:" + sshd.port() + "): the host key of ")
              .contains("CHANGED", sshd.hostKeyFingerprint());
        });
  }

  @Test
  void anUnknownHostKeyIsRefusedNamingTheFingerprint() {
    assertThatThrownBy(() -> SshShell.connect("db", config(sshd.clientKey(), sshd.emptyKnownHosts()), false))
        .isInstanceOfSatisfying(ExecException.class, e -> {
          assertThat(e.type()).isEqualTo(ExecException.HOST_KEY_REJECTED);
          assertThat(e.getMessage()).contains("(" + sshd.hostKeyFingerprint() + ") is not in " + sshd.emptyKnownHosts());
        });
  }

  @Test
  void aWrongUserKeyIsRefusedAndNotRetryable() {
    assertThatThrownBy(() -> SshShell.connect("db", config(sshd.unauthorizedKey(), sshd.knownHosts()), false))
        .isInstanceOfSatisfying(ExecException.class, e -> {
          assertThat(e.type()).isEqualTo(ExecException.SSH_AUTH_FAILED);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).endsWith("refused the key " + sshd.unauthorizedKey());
        });
  }

  @Test
  void aStoppedServerIsRetryable() {
    sshd.stop();
    try {
      assertThatThrownBy(SshShellTest::connect).isInstanceOfSatisfying(ExecException.class, e -> {
        assertThat(e.type()).isEqualTo(ExecException.HOST_UNREACHABLE);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).startsWith("host db (").contains("does not answer");
      });
    } finally {
      sshd.start();
    }
    try (SshShell shell = connect()) {
      assertThat(shell.run(Command.of(Duration.ofSeconds(5), "true"), () -> { }).ok()).isTrue();
    }
  }

  @Test
  void privilegedCommandsGoThroughSudoOnlyWhereConfigured() {
    Command freeze = Command.of(Duration.ofSeconds(5), "fsfreeze", "-f", "/srv/home").asPrivileged();
    assertThat(SshShell.remoteLine(freeze, true)).endsWith("' runbook sudo -n -- fsfreeze -f /srv/home");
    assertThat(SshShell.remoteLine(freeze, false)).endsWith("' runbook fsfreeze -f /srv/home");
    assertThat(SshShell.remoteLine(Command.of(Duration.ofSeconds(5), "true"), true)).endsWith("' runbook true");
    Command script = Command.of(Duration.ofSeconds(5), "/opt/stop.sh").asPrivileged().withEnv(Map.of("RUNBOOK_NODE", "node1"));
    assertThat(SshShell.remoteLine(script, true))
        .endsWith("' runbook env RUNBOOK_NODE=node1 sudo -n --preserve-env=RUNBOOK_NODE -- /opt/stop.sh");
  }
}
