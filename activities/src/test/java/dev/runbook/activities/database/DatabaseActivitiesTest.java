package dev.runbook.activities.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.host.HostContext;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.run.Failures;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pg_dump and its checks against a real PostgreSQL with data. */
class DatabaseActivitiesTest {
  static final String ID = "prod-20261121T030000Z";
  static PostgresFixture pg;

  @TempDir
  Path dir;
  private TestActivityEnvironment env;
  private DatabaseActivities db;

  @BeforeAll
  static void startPostgres() {
    pg = PostgresFixture.start();
    pg.createDatabase("bitbucket");
    pg.psql("bitbucket", "CREATE TABLE repo (id int PRIMARY KEY, name text); "
        + "INSERT INTO repo SELECT g, 'repo-' || g FROM generate_series(1, 5000) g; "
        + "CREATE TABLE pull_request (id int, repo int); INSERT INTO pull_request SELECT g, g % 50 FROM generate_series(1, 1234) g;");
  }

  @AfterAll
  static void stopPostgres() {
    pg.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    env = TestActivityEnvironment.newInstance();
    Path config = dir.resolve("runbook.yaml");
    Files.createDirectories(dir.resolve("backups"));
    Files.writeString(config, """
        hosts: [{name: db, mode: local}]
        instances:
          - name: prod
            bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:X}
            nodes: [{name: node1, host: db}]
            home: {host: db, mounts: [/srv/a], snapshot: {provider: btrfs}}
            database: {provider: postgresql, host: db, port: %d, name: bitbucket, user: postgres, password: env:DB_PW, backupRoot: %s, jobs: 2}
        """.formatted(pg.port(), dir.resolve("backups")));
    use(new Secrets(Map.of("DB_PW", pg.password())), config);
  }

  private void use(Secrets secrets, Path config) {
    env.registerActivitiesImplementations(new DatabaseActivitiesImpl(HostContext.agent("db", new ConfigSource(config)), secrets));
    db = env.newActivityStub(DatabaseActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2)).setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void dumpsTheDatabaseAndTheDumpRestoresWithTheSameRows() throws Exception {
    assertThat(db.checkDatabase(DatabaseRequest.of("db", "prod", null)).evidence())
        .anySatisfy(e -> assertThat(e).startsWith("PostgreSQL 15").contains("database bitbucket as postgres"));

    DatabaseDump dump = db.dumpDatabase(DatabaseRequest.of("db", "prod", ID));

    Path dumpDir = dir.resolve("backups/" + ID + "/db");
    assertThat(dump.artifact().location()).isEqualTo(dumpDir.toString());
    assertThat(dump.artifact().sizeBytes()).isPositive();
    assertThat(dir.resolve("backups/" + ID + "/db.partial")).doesNotExist();
    assertThat(Files.exists(dumpDir.resolve("toc.dat"))).isTrue();

    pg.createDatabase("scratch");
    ProcessBuilder restore = new ProcessBuilder(pg.binDir().resolve("pg_restore").toString(), "-h", "127.0.0.1", "-p",
        Integer.toString(pg.port()), "-U", "postgres", "-d", "scratch", "-j", "2", "--no-password", dumpDir.toString());
    restore.environment().put("PGPASSWORD", pg.password());
    Process p = restore.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(pg.psql("scratch", "SELECT count(*) FROM repo")).isEqualTo("5000");
    assertThat(pg.psql("scratch", "SELECT count(*) FROM pull_request")).isEqualTo("1234");

    db.deleteDatabaseDump(new DatabaseRequest("db", "prod", ID, List.of(dump.artifact()), 0));
    assertThat(dir.resolve("backups/" + ID)).doesNotExist();
  }

  @Test
  void restoreNeverOverwritesWithoutReplaceAndKeepsThePreviousDatabaseWithIt() throws Exception {
    String id = "prod-20261121T040000Z";
    DatabaseDump dump = db.dumpDatabase(DatabaseRequest.of("db", "prod", id));
    pg.psql("bitbucket", "DELETE FROM repo WHERE id > 10");
    var refuse = new DatabaseRestoreRequest("db", "prod", id, List.of(dump.artifact()), false, "_pre_restore_1");
    assertThat(db.planRestore(refuse).databaseExists()).isTrue();
    assertThatThrownBy(() -> db.restoreDatabase(refuse))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.PRECONDITION_FAILED));
    assertThat(pg.psql("bitbucket", "SELECT count(*) FROM repo")).isEqualTo("10");

    var tooLong = new DatabaseRestoreRequest("db", "prod", id, List.of(dump.artifact()), true, "_" + "x".repeat(60));
    assertThatThrownBy(() -> db.planRestore(tooLong)) // PostgreSQL would cut the kept name and the undo would miss it
        .satisfies(t -> assertThat(Failures.describe(t)).contains("PostgreSQL names are at most 63 bytes"));

    var replace = new DatabaseRestoreRequest("db", "prod", id, List.of(dump.artifact()), true, "_pre_restore_1");
    assertThat(db.restoreDatabase(replace).keptAs()).isEqualTo("bitbucket_pre_restore_1");
    assertThat(pg.psql("bitbucket", "SELECT count(*) FROM repo")).isEqualTo("5000");
    assertThat(pg.psql("bitbucket_pre_restore_1", "SELECT count(*) FROM repo")).isEqualTo("10");
    assertThat(db.restoreDatabase(replace).keptAs()).as("a retry restores again, the kept one stays").isEqualTo("bitbucket_pre_restore_1");

    db.undoRestore(replace);
    assertThat(pg.psql("bitbucket", "SELECT count(*) FROM repo")).isEqualTo("10");
    assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'bitbucket_pre_restore_1'")).isEqualTo("0");
    pg.psql("bitbucket", "INSERT INTO repo SELECT g, 'repo-' || g FROM generate_series(11, 5000) g");
  }

  @Test
  void aCorruptDumpLeavesTheDatabaseAsItWas() throws Exception {
    String id = "prod-20261121T050000Z";
    DatabaseDump dump = db.dumpDatabase(DatabaseRequest.of("db", "prod", id));
    Path dumpDir = Path.of(dump.artifact().location());
    try (var files = Files.list(dumpDir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".dat.gz")).toList()) {
        Files.write(p, new byte[] {1, 2, 3, 4, 5});
      }
    }
    var replace = new DatabaseRestoreRequest("db", "prod", id, List.of(dump.artifact()), true, "_pre_restore_2");
    assertThatThrownBy(() -> db.restoreDatabase(replace))
        .satisfies(t -> assertThat(Failures.describe(t)).startsWith("pg_restore of " + dumpDir + " failed on db: ")
            .endsWith("; bitbucket is as it was before"));
    assertThat(pg.psql("bitbucket", "SELECT count(*) FROM repo")).isEqualTo("5000");
    assertThat(pg.psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = 'bitbucket_pre_restore_2'")).isEqualTo("0");
  }

  @Test
  void aWrongPasswordIsAPreconditionNamingTheDatabaseNotThePassword() throws Exception {
    env.close();
    env = TestActivityEnvironment.newInstance();
    use(new Secrets(Map.of("DB_PW", "not-the-password")), dir.resolve("runbook.yaml"));
    assertThatThrownBy(() -> db.checkDatabase(DatabaseRequest.of("db", "prod", null)))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.PRECONDITION_FAILED))
        .satisfies(t -> assertThat(Failures.describe(t)).startsWith("database bitbucket at 127.0.0.1:" + pg.port()
            + " is not reachable as postgres").contains("password authentication failed").doesNotContain("not-the-password"));
  }

  @Test
  void tooLittleSpaceForTheLastDumpsSizeIsRefused() {
    assertThatThrownBy(() -> db.checkDatabase(new DatabaseRequest("db", "prod", null, List.of(), Long.MAX_VALUE / 2)))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.PRECONDITION_FAILED))
        .satisfies(t -> assertThat(Failures.describe(t)).contains("bytes free; the last dump took"));
  }

  @Test
  void aMissingBackupDirectoryIsRefusedByTheCheck() throws Exception {
    Files.delete(dir.resolve("backups"));
    assertThatThrownBy(() -> db.checkDatabase(DatabaseRequest.of("db", "prod", null)))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.PRECONDITION_FAILED))
        .satisfies(t -> assertThat(Failures.describe(t)).isEqualTo("backup directory " + dir.resolve("backups")
            + " is missing or not writable on db"));
  }

  @Test
  void aDumpThatFailsSaysPgDumpFailedAndLeavesNoCompleteDump() throws Exception {
    env.close();
    env = TestActivityEnvironment.newInstance();
    use(new Secrets(Map.of("DB_PW", "not-the-password")), dir.resolve("runbook.yaml"));
    assertThatThrownBy(() -> db.dumpDatabase(DatabaseRequest.of("db", "prod", ID)))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.COMMAND_FAILED))
        .satisfies(t -> assertThat(Failures.describe(t)).startsWith("pg_dump exited 1 on db: ")
            .contains("password authentication failed").doesNotContain("not-the-password"));
    assertThat(dir.resolve("backups/" + ID + "/db")).doesNotExist();
  }

  @Test
  void anUnsetPasswordReferenceIsNamed() throws Exception {
    env.close();
    env = TestActivityEnvironment.newInstance();
    use(new Secrets(Map.of()), dir.resolve("runbook.yaml"));
    assertThatThrownBy(() -> db.dumpDatabase(DatabaseRequest.of("db", "prod", ID)))
        .satisfies(t -> assertThat(Failures.type(t)).isEqualTo(FailureTypes.SECRET_MISSING))
        .satisfies(t -> assertThat(Failures.describe(t)).contains("environment variable DB_PW (env:DB_PW) is not set"));
  }
}
