package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.Pids;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup that hangs inside its freeze, for the tests that kill the file server's agent there. The
 * home is an ext4 image on btrfs; the snapshot is a reflink copy of the image (an external block
 * snapshot, which needs the freeze). The snapshot script's first attempt signals that it is inside
 * the freeze and hangs; a retry takes the copy. The agent itself is the test's to start.
 */
final class FrozenHomeScenario implements AutoCloseable {
  final int maxFreezeSeconds;
  final LoopFilesystems fs;
  final Path dir;
  final Path home;
  final Path config;
  private SimulatedBitbucket bitbucket;
  private LocalStack stack;

  private FrozenHomeScenario(int maxFreezeSeconds, LoopFilesystems fs) {
    this.maxFreezeSeconds = maxFreezeSeconds;
    this.fs = fs;
    this.dir = fs.dir();
    this.home = dir.resolve("home");
    this.config = dir.resolve("runbook.yaml");
  }

  /** Filesystems, script, simulator, configuration (host {@code files}, mode agent) and the local stack. */
  static FrozenHomeScenario start(int maxFreezeSeconds) throws Exception {
    FrozenHomeScenario s = new FrozenHomeScenario(maxFreezeSeconds, LoopFilesystems.create());
    try {
      s.setUp();
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  private void setUp() throws Exception {
    Path btrfs = fs.btrfs("pool", 300);
    Files.createDirectories(btrfs.resolve("snaps"));
    fs.ext4(btrfs.resolve("home.img"), "home", 64);
    Files.writeString(home.resolve("repositories.txt"), "consistent");
    Path script = dir.resolve("snapshot.sh");
    Files.writeString(script, """
        #!/bin/sh
        if [ ! -e %1$s/inside-freeze ]; then echo $$ > %1$s/script.pid; date +%%s%%N > %1$s/inside-freeze; sleep 60; fi
        cp --reflink=always %2$s/home.img %2$s/snaps/$RUNBOOK_BACKUP_ID.img
        echo %2$s/snaps/$RUNBOOK_BACKUP_ID.img
        """.formatted(dir, btrfs));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    bitbucket = SimulatedBitbucket.start(dir);
    Files.writeString(config, """
        hosts: [{name: files, mode: agent}]
        instances:
          - name: prod
            bitbucket: %s
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [%s], snapshot: {provider: command, snapshot: %s, freeze: true, maxFreeze: %ds}}
            database: {provider: postgresql-fslevel, host: files, dataDirectory: %s/postgresql}
        """.formatted(bitbucket.yaml(), home, script, maxFreezeSeconds, home));
    stack = TestStacks.local(config, dir.resolve("catalog.db"));
  }

  /** The Temporal target the agent and the CLI use. */
  String target() {
    return stack.target().target();
  }

  /** Starts {@code runbook backup --follow} of the instance in the background. */
  CompletableFuture<Cli> backup() {
    return CompletableFuture.supplyAsync(() -> Cli.run("backup", "-c", config.toString(), "--instance", "prod",
        "--temporal-target", target(), "--follow"));
  }

  /** Waits until the snapshot script runs inside the freeze; returns when it got there, in epoch nanoseconds. */
  long awaitInsideFreeze(CompletableFuture<Cli> backup) throws Exception {
    Path inside = dir.resolve("inside-freeze");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(inside) || Files.readString(inside).isBlank()) {
      assertThat(backup.isDone() ? backup.get().all() : "").as("the backup ended before freezing").isEmpty();
      assertThat(System.nanoTime()).as("never frozen").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(LoopFilesystems.writable(home, 300)).as("the home is frozen while the snapshot script runs").isFalse();
    return Long.parseLong(Files.readString(inside).strip());
  }

  /** Milliseconds from {@code frozenAtNanos} until the home takes a write, or -1 when it did not within {@code millis}. */
  long millisUntilWritable(long frozenAtNanos, long millis) {
    while (elapsedMillis(frozenAtNanos) < millis) {
      if (LoopFilesystems.writable(home, 200)) {
        return elapsedMillis(frozenAtNanos);
      }
    }
    return -1;
  }

  /**
   * After the agent was killed inside the freeze: the home takes writes again within {@code maxFreeze}
   * + 2 s of the freeze (the watchdog thawed it), and the snapshot script the agent had started does
   * not run on as an orphan.
   */
  void assertThawedInTimeWithoutOrphans(long frozenAtNanos) throws Exception {
    long limitMillis = (maxFreezeSeconds + 2) * 1000L;
    long thawedAfter = millisUntilWritable(frozenAtNanos, limitMillis + 5000);
    assertThat(thawedAfter).as("thawed").isNotNegative();
    assertThat(thawedAfter).as("milliseconds frozen after the agent was killed").isLessThanOrEqualTo(limitMillis);
    long script = Long.parseLong(Files.readString(dir.resolve("script.pid")).strip());
    assertThat(Pids.stops(script, 5000)).as("orphaned snapshot script").isTrue();
  }

  /** Waits for the backup and checks its restore point: the copy holds the home as it was before the freeze. */
  void assertRestorePoint(CompletableFuture<Cli> backup) throws Exception {
    Cli r = backup.get(3, TimeUnit.MINUTES);
    assertThat(r.exit()).as(r.all()).isZero();
    Matcher id = Pattern.compile("prod: restore point (prod-\\S+)").matcher(r.out());
    assertThat(id.find()).as(r.out()).isTrue();
    Path mounted = fs.mountCopy(dir.resolve("pool/snaps/" + id.group(1) + ".img"), "copy-" + id.group(1));
    assertThat(Files.readString(mounted.resolve("repositories.txt"))).isEqualTo("consistent");
  }

  /** Makes the next backup's snapshot script hang inside the freeze again. */
  void rearm() throws Exception {
    Files.deleteIfExists(dir.resolve("inside-freeze"));
    Files.deleteIfExists(dir.resolve("script.pid"));
  }

  static long elapsedMillis(long sinceEpochNanos) {
    return (System.currentTimeMillis() * 1_000_000L - sinceEpochNanos) / 1_000_000L;
  }

  @Override
  public void close() throws Exception {
    TestStacks.closeAll(stack, bitbucket, fs);
  }
}
