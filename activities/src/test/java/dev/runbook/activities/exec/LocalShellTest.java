package dev.runbook.activities.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.testkit.Pids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalShellTest {
  @TempDir
  Path dir;
  private final LocalShell shell = new LocalShell(false);

  @Test
  void returnsExitCodeAndBothStreams() {
    CommandResult r = shell.run(Command.of(Duration.ofSeconds(5), "sh", "-c", "echo out; echo err >&2; exit 4"), () -> { });
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.lastLine()).isEqualTo("err");
  }

  @Test
  void aMissingProgramIsExit127WithTheReason() {
    CommandResult r = shell.run(Command.of(Duration.ofSeconds(5), "/nonexistent/tool"), () -> { });
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.stderr()).contains("/nonexistent/tool").contains("No such file or directory");
  }

  @Test
  void aTimeoutKillsTheCommandAndItsChildren() throws Exception {
    Path pid = dir.resolve("child.pid");
    assertThatThrownBy(() -> shell.run(Command.of(Duration.ofSeconds(2), "sh", "-c",
        "sleep 60 & echo $! > " + pid + "; wait"), () -> { }))
        .isInstanceOfSatisfying(ExecException.class, e -> assertThat(e.type()).isEqualTo(ExecException.COMMAND_TIMED_OUT));
    long child = Long.parseLong(Files.readString(pid).trim());
    assertThat(Pids.stops(child, 3000)).as("child sleep still running").isTrue();
  }

  @Test
  void ticksWhileRunningAndACancelFromTheTickKillsTheCommand() {
    AtomicInteger ticks = new AtomicInteger();
    assertThatThrownBy(() -> shell.run(Command.of(Duration.ofSeconds(30), "sleep", "30"), () -> {
      if (ticks.incrementAndGet() == 2) {
        throw new IllegalStateException("cancelled");
      }
    })).hasMessage("cancelled");
    assertThat(ticks).hasValue(2);
  }

  @Test
  void secretValuesAreMaskedAndNeverDisplayed() {
    Command c = new Command(List.of("sh", "-c", "echo \"pw=$PGPASSWORD\""), false, Duration.ofSeconds(5), Map.of(),
        Map.of("PGPASSWORD", "Wh1sper-S3cret"));
    assertThat(c.display()).doesNotContain("Wh1sper");
    assertThat(shell.run(c, () -> { }).stdout()).isEqualTo("pw=***\n");
  }

  @Test
  void sudoIsUsedOnlyForPrivilegedCommandsOnSudoHosts() {
    Command stop = Command.of(Duration.ofSeconds(5), "systemctl", "stop", "atlbitbucket").asPrivileged();
    assertThat(Shell.argv(stop, true)).containsExactly("sudo", "-n", "--", "systemctl", "stop", "atlbitbucket");
    assertThat(Shell.argv(stop, false)).containsExactly("systemctl", "stop", "atlbitbucket");
    assertThat(Shell.argv(Command.of(Duration.ofSeconds(5), "hostname"), true)).containsExactly("hostname");
  }
}
