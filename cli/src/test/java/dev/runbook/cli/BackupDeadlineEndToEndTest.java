package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backup that runs past its own deadline, end to end on real components: a locked-mode backup of a
 * real PostgreSQL whose pg_dump hangs, waiting for a table another session holds locked (as behind a
 * long migration), the Bitbucket simulator's maintenance lock, an rsync copy of the home, Temporal's
 * real server. The deadline is the workflow's own, so its cleanup runs: no server-side run timeout.
 */
class BackupDeadlineEndToEndTest {
  static PostgresFixture pg;
  static SimulatedBitbucket bitbucket;
  static LocalStack stack;
  static Path dir;
  static Path copies;
  static Path dumps;
  static Path config;
  static Path catalogFile;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("runbook-deadline-");
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("repositories.txt"), "at backup time");
    copies = Files.createDirectories(dir.resolve("copies"));
    dumps = Files.createDirectories(dir.resolve("backups"));
    pg = PostgresFixture.start();
    pg.createDatabase("bitbucket");
    pg.psql("bitbucket", "CREATE TABLE repo (id int); INSERT INTO repo SELECT generate_series(1, 1000)");
    Path pgPassword = TestFiles.secret(dir, "pg-password", pg.password());
    bitbucket = SimulatedBitbucket.start(dir);
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: local, mode: local}]
        instances:
          - name: prod
            mode: locked
            backupDeadline: 60s
            bitbucket: %s
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%s], snapshot: {provider: rsync, target: %s}}
            database: {provider: postgresql, host: local, port: %d, name: bitbucket, user: postgres, password: 'file:%s', backupRoot: %s}
        """.formatted(bitbucket.yaml(), home, copies, pg.port(), pgPassword, dumps));
    catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(stack, bitbucket, pg, () -> {
      if (dir != null) {
        try (Stream<Path> all = Files.walk(dir)) {
          all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    });
  }

  static Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  static long hungDumps() {
    return Long.parseLong(pg.psql("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pg_dump'"
        + " AND wait_event_type = 'Lock'"));
  }

  static long entries(Path p) throws Exception {
    try (Stream<Path> s = Files.list(p)) {
      return s.count();
    }
  }

  @Test
  void aDumpThatHangsPastTheDeadlineEndsFailedWithBitbucketUnlockedAndNothingLeftBehind() throws Exception {
    CompletableFuture<Cli> backup;
    try (Connection migration = DriverManager.getConnection(pg.jdbcUrl("bitbucket"), pg.user(), pg.password());
         Statement s = migration.createStatement()) {
      migration.setAutoCommit(false);
      s.execute("LOCK TABLE repo IN ACCESS EXCLUSIVE MODE");
      backup = CompletableFuture.supplyAsync(() -> runbook("backup", "--instance", "prod", "--follow"));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (hungDumps() == 0) {
        assertThat(backup.isDone() ? backup.get().all() : "").as("the backup ended before its dump hung").isEmpty();
        assertThat(System.nanoTime()).as("pg_dump never waited on the locked table").isLessThan(deadline);
        Thread.sleep(200);
      }
      // The dump hangs under Bitbucket's maintenance lock, with the home copied and a partial dump on disk.
      assertThat(bitbucket.simulator.maintenance().locked()).isTrue();
      while (entries(copies) == 0 || entries(dumps) == 0) {
        assertThat(System.nanoTime()).as("the home copy and the dump directory never appeared").isLessThan(deadline);
        Thread.sleep(200);
      }
      Cli r = backup.get(5, TimeUnit.MINUTES);

      assertThat(r.exit()).as(r.all()).isEqualTo(1);
      assertThat(r.out()).contains("prod: BACKUP: FAILED: the backup of prod ran past its deadline of 1 min and was stopped")
          .containsPattern("ok\\s+release maintenance lock")
          .containsPattern("ok\\s+undo: delete home snapshot")
          .containsPattern("ok\\s+undo: delete database dump");
      migration.rollback();
    }
    assertThat(bitbucket.simulator.maintenance().locked()).isFalse();
    assertThat(bitbucket.simulator.maintenance().events()).containsExactly("lock", "backup", "drained", "unlock");
    assertThat(entries(copies)).as("the home copy was deleted").isZero();
    assertThat(entries(dumps)).as("the partial dump was deleted").isZero();
    assertThat(hungDumps()).as("pg_dump was stopped").isZero();
    Cli list = Cli.run("restore", "list", "--instance", "prod", "--catalog", catalogFile.toString());
    assertThat(list.out()).contains("FAILED");
    Cli history = Cli.run("history", "--runbook", "backup", "--catalog", catalogFile.toString());
    assertThat(history.out()).containsPattern("FAILED.*ran past its deadline of 1 min");

    // Nothing of it is left holding the instance or Bitbucket: the next backup runs.
    Cli next = runbook("backup", "--instance", "prod");
    assertThat(next.exit()).as(next.all()).isZero();
  }
}
