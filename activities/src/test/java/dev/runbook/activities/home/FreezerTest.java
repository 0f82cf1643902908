package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.ExecException;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.host.HostContext;
import dev.runbook.activities.host.WatchdogCgroup;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freezer's ordering and its trust in the watchdog, through the command seam. */
class FreezerTest {
  @TempDir
  Path dir;
  private HostContext host;

  /** Answers the watchdog launch with a pid, and runs a scripted reaction for fsfreeze. */
  static final class Seam implements HostShell {
    final List<String> ran = new ArrayList<>();
    final String failFreezeOf;
    final CommandResult launched;

    Seam(String failFreezeOf) {
      this(failFreezeOf, new CommandResult(0, "4242\n", "", Duration.ZERO));
    }

    Seam(String failFreezeOf, CommandResult launched) {
      this.failFreezeOf = failFreezeOf;
      this.launched = launched;
    }

    @Override
    public CommandResult run(Command c, Runnable tick) {
      String line = String.join(" ", c.argv());
      ran.add(line);
      if (line.startsWith("sh -c ") && line.contains("setsid sh -c 'sleep")) {
        return launched;
      }
      if (line.equals("fsfreeze --freeze " + failFreezeOf)) {
        throw new ExecException(ExecException.COMMAND_TIMED_OUT, "fsfreeze did not finish and was killed", null);
      }
      if (line.startsWith("sh -c test -e")) {
        return new CommandResult(1, "", "", Duration.ZERO); // the watchdog did not fire
      }
      return new CommandResult(0, "", "", Duration.ZERO);
    }

    @Override
    public String describe() {
      return "seam";
    }

    @Override
    public void close() {
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    Path config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: files}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [/m1, /m2], snapshot: {provider: command, snapshot: /s.sh, freeze: true}}
            database: {provider: postgresql, host: files, name: bb, user: bb, backupRoot: /tmp}
        """);
    host = HostContext.of("files", new ConfigSource(config), () -> null, "agent");
  }

  private HomeJob job(HostShell shell) {
    return new HomeJob(host, host.config().current().instance("prod").orElseThrow(), "prod-20261121T030000Z", null, shell);
  }

  private void watchdogCgroup(String dir) {
    host = HostContext.of("files", host.config(), () -> null, "agent", Optional.of(new WatchdogCgroup(dir)));
  }

  @Test
  void freezesInOrderThawsInReverseAndStopsTheWatchdog() {
    Seam seam = new Seam("none");
    String result = Freezer.around(job(seam), List.of("/m1", "/m2"), Duration.ofSeconds(30), () -> "snapshot").value();
    assertThat(result).isEqualTo("snapshot");
    assertThat(seam.ran.stream().filter(l -> l.startsWith("fsfreeze")).toList()).containsExactly(
        "fsfreeze --freeze /m1", "fsfreeze --freeze /m2", "fsfreeze --unfreeze /m2", "fsfreeze --unfreeze /m1");
    assertThat(seam.ran.get(0)).startsWith("sh -c setsid sh -c 'sleep 30.000; touch ").contains("fsfreeze --unfreeze /m2; fsfreeze --unfreeze /m1;");
    assertThat(seam.ran).contains("sh -c kill -TERM -4242 2>/dev/null; true");
  }

  @Test
  void anInterruptedFreezeIsThawedAndTheWatchdogLeftToThawItToo() {
    Seam seam = new Seam("/m2");
    assertThatThrownBy(() -> Freezer.around(job(seam), List.of("/m1", "/m2"), Duration.ofSeconds(30), () -> "snapshot"))
        .hasMessageContaining("fsfreeze did not finish");
    assertThat(seam.ran.stream().filter(l -> l.startsWith("fsfreeze")).toList()).containsExactly(
        "fsfreeze --freeze /m1", "fsfreeze --freeze /m2", "fsfreeze --unfreeze /m2", "fsfreeze --unfreeze /m1");
    assertThat(seam.ran).noneMatch(l -> l.contains("kill -TERM -4242"));
  }

  @Test
  void withAWatchdogCgroupTheLaunchingShellMovesItselfThereBeforeStartingTheWatchdog() {
    watchdogCgroup("/sys/fs/cgroup/runbook-watchdog");
    Seam seam = new Seam("none");
    Freezer.around(job(seam), List.of("/m1"), Duration.ofSeconds(30), () -> "snapshot");
    String launch = seam.ran.get(0);
    assertThat(launch).startsWith("sh -c d=/sys/fs/cgroup/runbook-watchdog; ");
    assertThat(launch.indexOf("tee \"$d/cgroup.procs\"")).isPositive().isLessThan(launch.indexOf("setsid sh -c"));
  }

  @Test
  void aWatchdogThatCannotBeMovedStopsTheStepBeforeAnythingIsFrozen() {
    watchdogCgroup("/sys/fs/cgroup/runbook-watchdog");
    Seam seam = new Seam("none", new CommandResult(3, "", "tee: /sys/fs/cgroup/runbook-watchdog/cgroup.procs: Permission denied\n"
        + "/sys/fs/cgroup/runbook-watchdog is not a cgroup v2 directory this agent may move processes into\n", Duration.ZERO));
    assertThatThrownBy(() -> Freezer.around(job(seam), List.of("/m1"), Duration.ofSeconds(30), () -> "snapshot"))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.PRECONDITION_FAILED);
          assertThat(f.isNonRetryable()).isTrue();
        })
        .hasMessageContaining("not freezing /m1: the thaw watchdog could not be moved into cgroup /sys/fs/cgroup/runbook-watchdog")
        .hasMessageContaining("Permission denied");
    assertThat(seam.ran).noneMatch(l -> l.startsWith("fsfreeze"));
  }
}
