package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.config.Secrets;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.LocalStack;
import dev.runbook.workflows.verify.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * `runbook verify` end to end: a btrfs home holding real git repositories and a real PostgreSQL
 * database are backed up, and each restore point is restored into scratch space and checked; one
 * has a repository with an object deleted, which must fail. Production is never touched, and no
 * scratch copy outlives a run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyEndToEndTest {
  static BtrfsHomeScenario scenario;
  static PostgresFixture pg;
  static LocalStack stack;
  static Path dir;
  static Path home;
  static Path snapshots;
  static Path copyHome;
  static Path copies;
  static Path config;
  static Path catalogFile;

  @BeforeAll
  static void start() throws Exception {
    scenario = BtrfsHomeScenario.start("verify end-to-end tests skipped", 300);
    dir = scenario.dir;
    pg = scenario.pg;
    Path btrfs = scenario.btrfs;
    snapshots = scenario.snapshots;
    home = scenario.home;
    for (int id = 1; id <= 3; id++) {
      gitRepository(home.resolve("shared/data/repositories/" + id), id);
    }
    copyHome = Files.createDirectories(btrfs.resolve("copy-home"));
    copies = Files.createDirectories(btrfs.resolve("copies"));
    gitRepository(copyHome.resolve("data/repositories/7"), 7);
    pg.psql("bitbucket", "CREATE TABLE project (id int); INSERT INTO project VALUES (1), (2);"
        + " CREATE TABLE repository (id int); INSERT INTO repository VALUES (1), (2), (3);"
        + " CREATE TABLE sta_pull_request (id int); INSERT INTO sta_pull_request SELECT generate_series(1, 40)");
    // The second instance has a database of its own: two instances on one database are refused.
    pg.createDatabase("copies");
    pg.psql("copies", "CREATE TABLE project (id int); INSERT INTO project VALUES (1), (2);"
        + " CREATE TABLE repository (id int); INSERT INTO repository VALUES (7);");
    config = scenario.config;
    catalogFile = scenario.catalogFile;
    scenario.startStack("""
        hosts: [{name: local, mode: local}]
        instances:
        %1$s
            verify: {tables: [project, repository, sta_pull_request], repositories: 0}
          - name: copies
            mode: locked
            bitbucket: %2$s
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s], snapshot: {provider: rsync, target: %4$s}}
            database: {provider: postgresql, host: local, port: %5$d, name: copies, user: postgres, password: 'file:%6$s', backupRoot: %7$s}
        """.formatted(scenario.prodInstance(), scenario.bitbucket.yaml(), copyHome, copies, pg.port(), scenario.pgPassword,
        scenario.backups), null);
    stack = scenario.stack;
  }

  @AfterAll
  static void stop() throws Exception {
    TestStacks.closeAll(scenario);
  }

  static Cli runbook(String... a) {
    return scenario.runbook(a);
  }

  @Test
  @Order(1)
  void aGoodRestorePointIsVerifiedWithItsEvidenceRecordedAndNothingLeftBehind() throws Exception {
    String point = backup();
    Cli r = runbook("verify", "--instance", "prod", "--point", point);

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("prod: verified " + point, "rows in project: 2", "rows in repository: 3",
        "rows in sta_pull_request: 40", "repositories checked: 3");
    Verification v = verifications().get(0);
    assertThat(v.restorePointId()).isEqualTo(point);
    assertThat(v.outcome()).isEqualTo(Verification.VERIFIED);
    assertThat(v.endedAt()).isNotNull();
    assertThat(v.rowCounts()).isEqualTo(Map.of("project", 2L, "repository", 3L, "sta_pull_request", 40L));
    assertThat(v.repositories()).containsExactlyInAnyOrder("shared/data/repositories/1", "shared/data/repositories/2",
        "shared/data/repositories/3");
    assertNothingLeftAndProductionUntouched();
  }

  @Test
  @Order(2)
  void aRepositoryWithAMissingObjectFailsVerification() throws Exception {
    Path repo = home.resolve("shared/data/repositories/2");
    Path object = looseObjects(repo).get(0);
    Files.delete(object);
    String point = backup();

    Cli r = runbook("verify", "--instance", "prod", "--point", point);

    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("prod: NOT verified " + point, "problem: git fsck failed: shared/data/repositories/2");
    Verification v = verifications().get(0);
    assertThat(v.restorePointId()).isEqualTo(point);
    assertThat(v.outcome()).isEqualTo(Verification.FAILED);
    assertThat(v.detail()).contains("shared/data/repositories/2");
    assertThat(v.rowCounts()).containsEntry("repository", 3L);
    assertNothingLeftAndProductionUntouched();
    assertThat(object).as("production's repository is as it was, object still missing").doesNotExist();
    Cli list = Cli.run("restore", "list", "--instance", "prod", "--catalog", catalogFile.toString());
    assertThat(list.out()).containsPattern(Pattern.quote(point) + "\\s.*COMPLETE.*FAILED [^|]*ago")
        .containsPattern(Pattern.quote(verifications().get(1).restorePointId()) + "\\s.*COMPLETE.*VERIFIED [^|]*ago");
  }

  @Test
  @Order(3)
  void anEmptyKeyTableFailsVerification() throws Exception {
    pg.psql("bitbucket", "DELETE FROM sta_pull_request");
    Files.writeString(config, Files.readString(config).replace("repositories: 0", "repositories: 1"));
    String point = backup();

    Cli r = runbook("verify", "--instance", "prod", "--point", point);

    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("problem: table sta_pull_request has no rows", "repositories checked: 1");
    assertNothingLeftAndProductionUntouched();
  }

  @Test
  @Order(4)
  void anRsyncCopyIsVerifiedThroughAScratchCopyBesideIt() throws Exception {
    String point = backup("copies");

    Cli r = runbook("verify", "--instance", "copies");

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out()).contains("copies: verified " + point, "rows in project: 2", "repositories checked: 1 (data/repositories/7)");
    try (Stream<Path> left = Files.list(copies)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly(point);
    }
    assertNothingLeftAndProductionUntouched();
  }

  private static String backup() {
    return backup("prod");
  }

  private static String backup(String instance) {
    Cli backup = runbook("backup", "--instance", instance);
    assertThat(backup.exit()).as(backup.all()).isZero();
    Matcher m = Pattern.compile("restore point (" + instance + "-\\d{8}T\\d{6}Z)").matcher(backup.out());
    assertThat(m.find()).as(backup.out()).isTrue();
    return m.group(1);
  }

  private static List<Verification> verifications() throws Exception {
    return Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of())).verifications("prod");
  }

  private static void assertNothingLeftAndProductionUntouched() throws Exception {
    assertThat(pg.psql("postgres", "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database"
        + " WHERE NOT datistemplate")).isEqualTo("bitbucket,copies,postgres");
    try (Stream<Path> left = Files.list(snapshots)) {
      assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("prod-\\d{8}T\\d{6}Z"));
    }
    assertThat(pg.psql("bitbucket", "SELECT count(*) FROM repository")).isEqualTo("3");
    assertThat(git(home.resolve("shared/data/repositories/1"), "log", "--format=%s")).isEqualTo("second in 1\nfirst in 1");
  }

  private static List<Path> looseObjects(Path repo) throws Exception {
    List<Path> objects = new ArrayList<>();
    try (Stream<Path> all = Files.walk(repo.resolve(".git/objects"))) {
      all.filter(Files::isRegularFile).filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
          .sorted().forEach(objects::add);
    }
    assertThat(objects).isNotEmpty();
    return objects;
  }

  /** A repository with two commits, its objects loose, as Bitbucket's repositories are after pushes. */
  private static void gitRepository(Path repo, int id) throws Exception {
    Files.createDirectories(repo);
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("README"), "repository " + id + "\n");
    git(repo, "add", "README");
    git(repo, "commit", "-q", "-m", "first in " + id);
    Files.writeString(repo.resolve("README"), "repository " + id + ", changed\n");
    git(repo, "commit", "-q", "-a", "-m", "second in " + id);
  }

  private static String git(Path repo, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
        "-c", "safe.directory=*", "-C", repo.toString()));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    return out;
  }
}
