package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * `runbook backup` end to end on real components: btrfs subvolume snapshots on a loop device, pg_dump
 * of a real PostgreSQL with data, the Bitbucket simulator, the embedded Temporal server and workers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupEndToEndTest {
  static LoopFilesystems fs;
  static PostgresFixture pg;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static Path dir;
  static Path btrfs;
  static Path config;
  static Path catalogFile;

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    assumeTrue(why == null, "backup end-to-end tests skipped: " + why);
    fs = LoopFilesystems.create();
    dir = fs.dir();
    btrfs = fs.btrfs("data", 400);
    Files.createDirectories(btrfs.resolve(".snapshots"));
    Path slowHome = fs.tmpfs("slow-home");
    for (String home : List.of("bitbucket", "staging", "locked")) {
      fs.subvolume(btrfs.resolve(home));
      Files.writeString(btrfs.resolve(home).resolve("repositories.txt"), home + " at backup time");
    }
    Files.createDirectories(btrfs.resolve("copies"));
    Files.createDirectories(dir.resolve("backups"));
    pg = PostgresFixture.start();
    // One database per instance: two instances on one database are refused.
    for (String db : List.of("bitbucket", "staging", "slow", "locked")) {
      pg.createDatabase(db);
      pg.psql(db, "CREATE TABLE repo (id int); INSERT INTO repo SELECT generate_series(1, 1000)");
    }
    Path password = dir.resolve("pg-password");
    Files.writeString(password, pg.password() + "\n");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    Path slowSnapshot = dir.resolve("slow-snapshot.sh");
    Files.writeString(slowSnapshot, "#!/bin/sh\ntouch " + dir + "/slow-started\nsleep 4\n");
    Files.setPosixFilePermissions(slowSnapshot, PosixFilePermissions.fromString("rwx------"));
    bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
    Path bbPassword = dir.resolve("bb-password");
    Files.writeString(bbPassword, "simulated");
    config = dir.resolve("runbook.yaml");
    String database = "{provider: postgresql, host: local, port: %d, name: %s, user: postgres, password: 'file:%s', backupRoot: %s}";
    Files.writeString(config, """
        hosts: [{name: local, mode: local}]
        instances:
          - name: bitbucket
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s/bitbucket], snapshot: {provider: btrfs, snapshotDir: %3$s/.snapshots}}
            database: %4$s
            retention: {keep: 1}
          - name: bitbucket-staging
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s/staging], snapshot: {provider: btrfs, snapshotDir: %3$s/.snapshots}}
            database: %5$s
            retention: {keep: 1}
          - name: slow
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%7$s], snapshot: {provider: command, snapshot: %6$s}}
            database: %8$s
          - name: locked
            mode: locked
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s/locked], snapshot: {provider: rsync, target: %3$s/copies}}
            database: %9$s
        """.formatted(bitbucket.baseUrl(), bbPassword, btrfs,
        database.formatted(pg.port(), "bitbucket", password, dir.resolve("backups")),
        database.formatted(pg.port(), "staging", password, dir.resolve("backups")), slowSnapshot, slowHome,
        database.formatted(pg.port(), "slow", password, dir.resolve("backups")),
        database.formatted(pg.port(), "locked", password, dir.resolve("backups"))));
    catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(stack, bitbucket, pg, fs);
  }

  static Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  static String restorePoint(Cli r, String instance) {
    Matcher m = Pattern.compile(": restore point (" + Pattern.quote(instance) + "-\\d{8}T\\d{6}Z)").matcher(r.out());
    assertThat(m.find()).as(r.all()).isTrue();
    return m.group(1);
  }

  static List<String> snapshots() throws Exception {
    try (Stream<Path> s = Files.list(btrfs.resolve(".snapshots"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static String firstBackup;

  @Test
  @Order(1)
  void aBackupRecordsOneRestorePointFromARealSnapshotAndDump() throws Exception {
    Cli r = runbook("backup", "--instance", "bitbucket", "--follow");
    assertThat(r.exit()).as(r.all()).isZero();
    firstBackup = restorePoint(r, "bitbucket");
    assertThat(r.out())
        .containsPattern("start    snapshot home \\[local\\]")
        .containsPattern("ok       back up database \\[local\\]")
        .containsPattern("home:" + Pattern.quote(btrfs + "/bitbucket") + "\\s+home-snapshot\\s+local\\s+-\\s+" + Pattern.quote(btrfs + "/.snapshots/" + firstBackup))
        .containsPattern("db\\s+db-dump\\s+local\\s+\\d+ B\\s+" + Pattern.quote(dir + "/backups/" + firstBackup + "/db"));
    Path snapshot = btrfs.resolve(".snapshots").resolve(firstBackup);
    assertThat(Files.readString(snapshot.resolve("repositories.txt"))).isEqualTo("bitbucket at backup time");
    assertThat(dir.resolve("backups").resolve(firstBackup).resolve("db/toc.dat")).exists();

    Cli show = Cli.run("show", firstBackup.substring(0, 4), "--catalog", catalogFile.toString());
    assertThat(show.exit()).as("a restore point id is not a run id").isEqualTo(2);
    Cli history = Cli.run("history", "--runbook", "backup", "--catalog", catalogFile.toString());
    assertThat(history.out()).contains("SUCCEEDED", "restore point " + firstBackup);
  }

  @Test
  @Order(2)
  void retentionDeletesOnlyTheInstancesOwnRestorePoints() throws Exception {
    Cli staging = runbook("backup", "--instance", "bitbucket-staging");
    assertThat(staging.exit()).as(staging.all()).isZero();
    String stagingPoint = restorePoint(staging, "bitbucket-staging");
    Cli second = runbook("backup", "--instance", "bitbucket");
    assertThat(second.exit()).as(second.all()).isZero();
    String secondPoint = restorePoint(second, "bitbucket");

    assertThat(secondPoint).isNotEqualTo(firstBackup);
    assertThat(second.out()).contains("retention deleted: " + firstBackup);
    assertThat(snapshots()).containsExactlyInAnyOrder(secondPoint, stagingPoint);
    assertThat(dir.resolve("backups").resolve(firstBackup)).doesNotExist();
    assertThat(dir.resolve("backups").resolve(stagingPoint).resolve("db")).exists();

    Cli dryRun = runbook("backup", "prune", "--instance", "bitbucket-staging", "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.all()).isZero();
    assertThat(dryRun.out()).contains("bitbucket-staging: keeping 1: " + stagingPoint, "would delete 0");
  }

  @Test
  @Order(3)
  void aSecondBackupOfTheSameInstanceIsRefusedNamingTheRunningOne() throws Exception {
    CompletableFuture<Cli> first = CompletableFuture.supplyAsync(() -> runbook("backup", "--instance", "slow"));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(dir.resolve("slow-started"))) {
      assertThat(first.isDone() ? first.get().all() : "").as("the first backup ended before its snapshot").isEmpty();
      assertThat(System.nanoTime()).as("the first backup never reached its snapshot").isLessThan(deadline);
      Thread.sleep(50);
    }
    Cli second = runbook("backup", "--instance", "slow");
    assertThat(second.exit()).as(second.all()).isEqualTo(3);
    Matcher firstRun = Pattern.compile("started: run ([0-9a-f-]{36})").matcher(first.get().out());
    assertThat(firstRun.find()).isTrue();
    assertThat(second.out()).contains("slow: BACKUP: FAILED: instance slow is busy: backup run " + firstRun.group(1));
    assertThat(first.get().exit()).as(first.get().all()).isZero();
  }

  @Test
  @Order(4)
  void lockedModeHoldsTheMaintenanceLockOnlyWhileCopying() {
    Cli r = runbook("backup", "--instance", "locked", "--follow");
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(bitbucket.maintenance().events()).containsExactly("lock", "backup", "drained", "unlock");
    assertThat(bitbucket.maintenance().progress()).containsExactly(10, 100);
    assertThat(bitbucket.maintenance().locked()).isFalse();
    assertThat(r.out()).containsPattern("ok\\s+take maintenance lock").containsPattern("ok\\s+release maintenance lock");
    String point = restorePoint(r, "locked");
    assertThat(btrfs.resolve("copies").resolve(point).resolve("1/repositories.txt")).hasContent("locked at backup time");
  }
}
