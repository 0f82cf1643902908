package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.ExecException;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.exec.LocalShell;
import dev.runbook.activities.host.HostContext;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.Pids;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Freezes of one step's attempts on real ext4 loop mounts with real fsfreeze: an attempt that dies
 * inside its freeze (its process gone, as with kill -9 of the agent) leaves two mounts frozen and its
 * watchdog waiting; what a retry, a later attempt and an agent start do about it.
 */
class FreezeAttemptsTest {
  static final String ID = "prod-20261121T030000Z";
  static final Path MARKERS = Path.of(FreezeMarkers.DIR_PREFIX + "0");
  static LoopFilesystems fs;
  static int n;
  Path first;
  Path second;
  HostContext host;

  @RegisterExtension
  static final LoopFs LOOP = new LoopFs(created -> fs = created);

  @BeforeEach
  void mounts() throws Exception {
    n++;
    first = fs.ext4(fs.dir().resolve("first" + n + ".img"), "first" + n, 32);
    second = fs.ext4(fs.dir().resolve("second" + n + ".img"), "second" + n, 32);
    Path config = HomeFixture.config(fs.dir(),
        "home: {host: files, mounts: [%s, %s], snapshot: {provider: command, snapshot: /bin/true, freeze: true}}"
            .formatted(first, second));
    host = HostContext.agent("files", new ConfigSource(config));
  }

  /** A local shell whose process "dies" on request: every later command fails as with a killed agent. */
  static final class DyingShell implements HostShell {
    final LocalShell real = new LocalShell(false);
    volatile boolean dead;

    @Override
    public CommandResult run(Command command, Runnable tick) {
      if (dead) {
        throw new ExecException(ExecException.HOST_UNREACHABLE, "the agent is gone", null);
      }
      return real.run(command, tick);
    }

    @Override
    public String describe() {
      return "dying";
    }

    @Override
    public void close() {
    }
  }

  private HomeJob job(HostShell shell) {
    return new HomeJob(host, host.config().current().instance("prod").orElseThrow(), ID, null, shell);
  }

  /** An attempt that dies inside its freeze of both mounts; returns its token. */
  private String attemptDyingInsideItsFreeze(Duration maxFreeze) throws Exception {
    DyingShell shell = new DyingShell();
    assertThatThrownBy(() -> Freezer.around(job(shell), List.of(first.toString(), second.toString()), maxFreeze, () -> {
      shell.dead = true;
      return null;
    }));
    try (Stream<Path> files = Files.list(MARKERS)) {
      return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".frozen"))
          .filter(f -> read(MARKERS.resolve(f)).contains(first.toString())).map(f -> f.substring(0, f.length() - 7))
          .findFirst().orElseThrow();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (Exception e) {
      return "";
    }
  }

  private void assertFrozen(boolean frozen) {
    assertThat(LoopFilesystems.writable(first, frozen ? 300 : 3000)).as(first + " writable").isEqualTo(!frozen);
    assertThat(LoopFilesystems.writable(second, frozen ? 300 : 3000)).as(second + " writable").isEqualTo(!frozen);
  }

  @Test
  void aRetryNamingOneMountEndsTheDeadAttemptsWatchdogAndThawsEveryMountItsMarkerLists() throws Exception {
    String token = attemptDyingInsideItsFreeze(Duration.ofMinutes(5));
    assertFrozen(true);
    long watchdog = Long.parseLong(Files.readString(MARKERS.resolve(token + ".pid")).strip());
    assertThat(ProcessHandle.of(watchdog)).as("the dead attempt's watchdog waits").isPresent();

    List<String> thawed = FreezeMarkers.thawStale(new LocalShell(false), List.of(second.toString()), () -> { });

    assertThat(thawed).containsExactly(second + " (" + token + ")", first + " (" + token + ")");
    assertFrozen(false);
    assertThat(Pids.stops(watchdog, 5000)).as("the dead attempt's watchdog was ended").isTrue();
    try (Stream<Path> files = Files.list(MARKERS)) {
      assertThat(files.map(Path::toString)).noneMatch(f -> f.contains(token));
    }
  }

  @Test
  void theDeadAttemptsWatchdogNeverThawsTheFreezeOfTheAttemptAfterIt() throws Exception {
    attemptDyingInsideItsFreeze(Duration.ofSeconds(2));

    // The retry freezes both mounts and holds them past the moment the dead attempt's watchdog was due.
    boolean writableWhileFrozen = Freezer.around(job(new LocalShell(false)), List.of(first.toString(), second.toString()),
        Duration.ofSeconds(60), () -> {
          try {
            Thread.sleep(4000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return LoopFilesystems.writable(first, 300) || LoopFilesystems.writable(second, 300);
        }).value();

    assertThat(writableWhileFrozen).as("a mount of the retry's freeze was thawed under it").isFalse();
    assertFrozen(false);
  }

  @Test
  void anAgentStartingThawsWhatItsEarlierProcessLeftFrozen() throws Exception {
    String token = attemptDyingInsideItsFreeze(Duration.ofMinutes(5));

    List<String> said = FreezeMarkers.thawLeftovers(host);

    assertThat(said).containsExactly("thawed " + second + " (" + token + "), left frozen by an earlier process",
        "thawed " + first + " (" + token + "), left frozen by an earlier process");
    assertFrozen(false);
    assertThat(FreezeMarkers.thawLeftovers(host)).as("nothing is left the second time").isEmpty();
  }

  @Test
  void theSweepsThawClaimsTheFreezeOfAnAttemptStillRunningSoItsEndDoesNotThawAgain() throws Exception {
    // A terminated run's attempt still inside its freeze: the sweep must win the thaw as a later attempt does.
    java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Object> attempt = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        Freezer.around(job(new LocalShell(false)), List.of(first.toString(), second.toString()), Duration.ofMinutes(5), () -> {
          inside.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "snapshot";
        }));
    try {
      assertThat(inside.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertFrozen(true);
      String token;
      try (Stream<Path> files = Files.list(MARKERS)) {
        token = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".frozen"))
            .filter(f -> read(MARKERS.resolve(f)).contains(first.toString())).map(f -> f.substring(0, f.length() - 7))
            .findFirst().orElseThrow();
      }
      long watchdog = Long.parseLong(Files.readString(MARKERS.resolve(token + ".pid")).strip());

      var thaw = KeptAsideHomes.thaw(job(new LocalShell(false)));

      assertThat(thaw.thawed()).containsExactly(second + " (" + token + ")", first + " (" + token + ")");
      assertFrozen(false);
      assertThat(Pids.stops(watchdog, 5000)).as("the attempt's watchdog was ended").isTrue();
    } finally {
      release.countDown();
    }
    assertThatThrownBy(attempt::join).hasMessageContaining("ended this freeze of " + first + ", " + second + " as stale");
    assertFrozen(false);
  }

  @Test
  void theSweepsThawAlsoThawsAMountFrozenWithoutAMarkerButNotOneAnAttemptHasMarked() throws Exception {
    new ProcessBuilder("fsfreeze", "--freeze", first.toString()).inheritIO().start().waitFor();
    // An attempt that has written its marker for the second mount, as Freezer does just before it freezes.
    if (!Files.isDirectory(MARKERS)) {
      Files.createDirectory(MARKERS, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    }
    Path marker = MARKERS.resolve(ID + "-sweep-test.frozen");
    Files.writeString(marker, second + "\n");
    new ProcessBuilder("fsfreeze", "--freeze", second.toString()).inheritIO().start().waitFor();
    try {
      // Hidden while stale markers are claimed, it appears just after: the attempt started between the two.
      Files.move(marker, MARKERS.resolve(ID + "-sweep-test.tmp"));
      HostShell racing = new HostShell() {
        final LocalShell real = new LocalShell(false);

        @Override
        public CommandResult run(Command command, Runnable tick) {
          if (command.argv().contains(FreezeMarkers.MARKED)) {
            try {
              Files.move(MARKERS.resolve(ID + "-sweep-test.tmp"), marker);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }
          return real.run(command, tick);
        }

        @Override
        public String describe() {
          return "racing";
        }

        @Override
        public void close() {
        }
      };

      var thaw = KeptAsideHomes.thaw(job(racing));

      assertThat(thaw.thawed()).containsExactly(first.toString());
      assertThat(LoopFilesystems.writable(first, 3000)).isTrue();
      assertThat(LoopFilesystems.writable(second, 300)).as("the new attempt's freeze is its own").isFalse();
    } finally {
      new ProcessBuilder("fsfreeze", "--unfreeze", second.toString()).inheritIO().start().waitFor();
      Files.deleteIfExists(marker);
      Files.deleteIfExists(MARKERS.resolve(ID + "-sweep-test.tmp"));
    }
  }
}
