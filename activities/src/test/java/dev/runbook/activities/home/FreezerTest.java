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
      if (line.startsWith("sh -c ") && line.contains("setsid sh -c")) {
        return launched;
      }
      if (line.equals("fsfreeze --freeze " + failFreezeOf)) {
        throw new ExecException(ExecException.COMMAND_TIMED_OUT, "fsfreeze did not finish and was killed", null);
      }
      if (c.argv().size() > 2 && c.argv().get(2).equals(FreezeMarkers.CLAIM)) {
        return new CommandResult(0, "owned\n", "", Duration.ZERO); // the watchdog did not fire
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
    assertThat(seam.ran.get(0)).as("earlier attempts' freezes of these mounts are ended first")
        .isEqualTo("sh -c " + FreezeMarkers.STALE + " runbook /m1 /m2");
    assertThat(seam.ran.get(1)).contains("setsid sh -c").matches("(?s).* runbook prod-20261121T030000Z-[0-9a-f-]{36} 30.000 /m2 /m1");
    String token = seam.ran.get(1).split(" runbook ")[1].split(" ")[0];
    assertThat(seam.ran.subList(seam.ran.size() - 4, seam.ran.size())).as("thawed only once its own marker is claimed")
        .containsExactly("sh -c " + FreezeMarkers.CLAIM + " runbook " + token, "fsfreeze --unfreeze /m2",
            "fsfreeze --unfreeze /m1", "sh -c " + FreezeMarkers.END + " runbook " + token);
  }

  @Test
  void anInterruptedFreezeIsThawedAndTheWatchdogLeftToThawItToo() {
    Seam seam = new Seam("/m2");
    assertThatThrownBy(() -> Freezer.around(job(seam), List.of("/m1", "/m2"), Duration.ofSeconds(30), () -> "snapshot"))
        .hasMessageContaining("fsfreeze did not finish");
    assertThat(seam.ran.stream().filter(l -> l.startsWith("fsfreeze")).toList()).containsExactly(
        "fsfreeze --freeze /m1", "fsfreeze --freeze /m2", "fsfreeze --unfreeze /m2", "fsfreeze --unfreeze /m1");
    assertThat(seam.ran).noneMatch(l -> l.contains(FreezeMarkers.END)).anyMatch(l -> l.contains(FreezeMarkers.REARM));
  }

  @Test
  void withAWatchdogCgroupTheLaunchingShellMovesItselfThereBeforeStartingTheWatchdog() {
    watchdogCgroup("/sys/fs/cgroup/runbook-watchdog");
    Seam seam = new Seam("none");
    Freezer.around(job(seam), List.of("/m1"), Duration.ofSeconds(30), () -> "snapshot");
    String launch = seam.ran.get(1);
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
