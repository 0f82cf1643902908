package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.Pids;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The freeze watchdog when the agent dies mid-freeze: `kill -9` of the file server's agent JVM while
 * the snapshot script runs inside the freeze. The home is an ext4 image on btrfs; the snapshot is a
 * reflink copy of the image (an external block snapshot, which needs the freeze).
 */
class FreezeWatchdogEndToEndTest {
  static final int MAX_FREEZE_SECONDS = 3;
  static LoopFilesystems fs;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static RunbookProcess agent;
  static Path dir;
  static Path home;
  static Path config;

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    assumeTrue(why == null, "freeze watchdog test skipped: " + why);
    fs = LoopFilesystems.create();
    dir = fs.dir();
    Path btrfs = fs.btrfs("pool", 300);
    Files.createDirectories(btrfs.resolve("snaps"));
    home = fs.ext4(btrfs.resolve("home.img"), "home", 64);
    Files.writeString(home.resolve("repositories.txt"), "consistent");
    // First attempt: signal that we are inside the freeze, then hang. A retry: take the reflink copy.
    Path script = dir.resolve("snapshot.sh");
    Files.writeString(script, """
        #!/bin/sh
        if [ ! -e %1$s/inside-freeze ]; then echo $$ > %1$s/script.pid; date +%%s%%N > %1$s/inside-freeze; sleep 60; fi
        cp --reflink=always %2$s/home.img %2$s/snaps/$RUNBOOK_BACKUP_ID.img
        echo %2$s/snaps/$RUNBOOK_BACKUP_ID.img
        """.formatted(dir, btrfs));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
    Files.writeString(dir.resolve("bb-password"), "simulated");
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: files, mode: agent}]
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [%s], snapshot: {provider: command, snapshot: %s, freeze: true, maxFreeze: %ds}}
            database: {provider: postgresql-fslevel, host: files, dataDirectory: %s/postgresql}
        """.formatted(bitbucket.baseUrl(), dir.resolve("bb-password"), home, script, MAX_FREEZE_SECONDS, home));
    stack = TestStacks.local(config, dir.resolve("catalog.db"));
    agent = RunbookProcess.agent(config, "files", stack.target().target());
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(agent, stack, bitbucket, fs);
  }

  @Test
  void killingTheAgentWhileFrozenLeavesTheHomeFrozenNoLongerThanMaxFreeze() throws Exception {
    CompletableFuture<Cli> backup = CompletableFuture.supplyAsync(() -> Cli.run("backup", "-c", config.toString(),
        "--instance", "prod", "--temporal-target", stack.target().target(), "--follow"));
    Path inside = dir.resolve("inside-freeze");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(inside) || Files.readString(inside).isBlank()) {
      assertThat(backup.isDone() ? backup.get().all() : "").as("the backup ended before freezing").isEmpty();
      assertThat(System.nanoTime()).as("never frozen").isLessThan(deadline);
      Thread.sleep(20);
    }
    long frozenAtNanos = Long.parseLong(Files.readString(inside).strip());
    assertThat(LoopFilesystems.writable(home, 300)).as("the home is frozen while the snapshot script runs").isFalse();

    agent.kill();

    // The watchdog, a separate process, thaws the home although the agent that froze it is gone.
    long limitMillis = (MAX_FREEZE_SECONDS + 2) * 1000L;
    boolean thawed = false;
    while (!thawed && elapsedMillis(frozenAtNanos) < limitMillis + 5000) {
      thawed = LoopFilesystems.writable(home, 200);
    }
    long thawedAfter = elapsedMillis(frozenAtNanos);
    assertThat(thawed).isTrue();
    assertThat(thawedAfter).as("milliseconds frozen after the agent was killed").isLessThanOrEqualTo(limitMillis);
    // The snapshot script the dead agent had started does not run on as an orphan.
    long script = Long.parseLong(Files.readString(dir.resolve("script.pid")).strip());
    long until = System.currentTimeMillis() + 5000;
    while (ProcessHandle.of(script).map(ProcessHandle::isAlive).orElse(false) && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertThat(Pids.running(script)).as("orphaned snapshot script").isFalse();

    // The agent comes back; the step, silent since the kill, is retried and completes the backup.
    agent = RunbookProcess.agent(config, "files", stack.target().target());
    Cli r = backup.get(3, TimeUnit.MINUTES);
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("prod: restore point prod-");
    Path copy;
    try (var files = Files.list(dir.resolve("pool/snaps"))) {
      copy = files.findFirst().orElseThrow();
    }
    Path mounted = fs.mountCopy(copy, "copy");
    assertThat(Files.readString(mounted.resolve("repositories.txt"))).isEqualTo("consistent");
  }

  static long elapsedMillis(long sinceEpochNanos) {
    return (System.currentTimeMillis() * 1_000_000L - sinceEpochNanos) / 1_000_000L;
  }

}
