package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.BitbucketSimulator.ApplicationState;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.MeshSimulation;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.testkit.internal.Processes;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Backup and restore of an instance with two Bitbucket Mesh nodes, end to end: the shared home and each Mesh
 * node's home on its own btrfs loop filesystem, each Mesh node on its own host served by its own agent (a JVM of
 * its own), real PostgreSQL, git repositories on the Mesh homes, and the simulated Bitbucket, whose Mesh nodes
 * listen on their RPC ports while their service state files say running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshEndToEndTest {
  static final List<String> MESH = List.of("mesh-1", "mesh-2");

  static LoopFilesystems fs;
  static PostgresFixture pg;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static final List<RunbookProcess> agents = new ArrayList<>();
  static Path dir;
  static Path home;
  static final Map<String, Path> meshHomes = new java.util.LinkedHashMap<>();
  static final Map<String, Path> meshSnapshots = new java.util.LinkedHashMap<>();
  static Path config;
  static Path catalogFile;
  static Path serviceLog;
  static String point;
  static final Map<String, String> commitAtBackup = new java.util.HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    assumeTrue(why == null, "Mesh end-to-end tests skipped: " + why);
    fs = LoopFilesystems.create();
    dir = fs.dir();
    Path shared = fs.btrfs("shared", 300);
    Files.createDirectories(shared.resolve(".snapshots"));
    home = fs.subvolume(shared.resolve("home"));
    Files.writeString(home.resolve("notes.txt"), "at backup time");
    Files.writeString(home.resolve("bitbucket.properties"), "jdbc.url=jdbc:postgresql://127.0.0.1/bitbucket\n");
    for (String node : MESH) {
      Path fsRoot = fs.btrfs(node, 300);
      meshSnapshots.put(node, Files.createDirectories(fsRoot.resolve(".snapshots")));
      Path meshHome = fs.subvolume(fsRoot.resolve("home"));
      meshHomes.put(node, meshHome);
      Path repo = meshHome.resolve("repositories/1");
      git(dir, "init", "-q", "--bare", "--initial-branch=main", repo.toString());
      commitAtBackup.put(node, commit(repo, node + " at backup time"));
      // Captured mid-write: a stale lock the restore removes before the node starts; a lock outside the
      // repositories is not git's and stays.
      Files.writeString(repo.resolve("HEAD.lock"), "");
      Files.writeString(Files.createDirectories(meshHome.resolve("tmp")).resolve("HEAD.lock"), "");
    }
    pg = PostgresFixture.start();
    pg.createDatabase("bitbucket");
    pg.psql("bitbucket", "CREATE TABLE repo (id int); INSERT INTO repo SELECT generate_series(1, 500)");
    Path pgPassword = TestFiles.secret(dir, "pg-password", pg.password());
    Path bbPassword = TestFiles.secret(dir, "bb-password", "simulated");
    bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
    serviceLog = dir.resolve("services.log");
    // One script for Bitbucket's node and the Mesh nodes: each keeps its state in state-<node>.
    Path service = TestFiles.script(dir, "service.sh", """
        state="%1$s/state-$RUNBOOK_NODE"
        case "$RUNBOOK_ACTION" in
          status) [ "$(cat "$state")" = running ] && exit 0 || exit 3 ;;
          stop) echo stopped > "$state" ;;
          start) echo running > "$state" ;;
        esac
        echo "$RUNBOOK_ACTION $RUNBOOK_NODE" >> %1$s/services.log
        """.formatted(dir));
    Files.writeString(dir.resolve("state-node1"), "running");
    bitbucket.followServiceState(dir.resolve("state-node1"), Duration.ofMillis(500));
    StringBuilder mesh = new StringBuilder();
    for (String node : MESH) {
      Files.writeString(dir.resolve("state-" + node), "running");
      MeshSimulation.Node simulated = bitbucket.mesh().addNode(node);
      simulated.followServiceState(dir.resolve("state-" + node), Duration.ofMillis(300));
      mesh.append("""
                  - name: %1$s
                    host: %2$s
                    rpcPort: %3$d
                    home: {mounts: [%4$s], snapshot: {provider: btrfs, snapshotDir: %5$s}}
                    services: {provider: command, stop: %6$s, start: %6$s, status: %6$s}
          """.formatted(node, node.replace("-", ""), simulated.port(), meshHomes.get(node), meshSnapshots.get(node), service));
    }
    bitbucket.mesh().addSidecar(); // Bitbucket's own node's sidecar: listed, never a Mesh node to back up
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: local, mode: local}, {name: mesh1, mode: agent}, {name: mesh2, mode: agent}]
        instances:
          - name: prod
            bitbucket: {baseUrl: '%1$s', username: admin, password: 'file:%2$s'}
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%3$s], snapshot: {provider: btrfs, snapshotDir: %4$s}}
            database: {provider: postgresql, host: local, port: %5$d, name: bitbucket, user: postgres, password: 'file:%6$s', backupRoot: %7$s}
            services: {provider: command, stop: %8$s, start: %8$s, status: %8$s}
            restore: {stopTimeout: 30s, startTimeout: 60s}
            mesh:
        %9$s""".formatted(bitbucket.baseUrl(), bbPassword, home, shared.resolve(".snapshots"), pg.port(), pgPassword,
        Files.createDirectories(dir.resolve("backups")), service, mesh));
    catalogFile = dir.resolve("catalog.db");
    stack = TestStacks.local(config, catalogFile);
    for (String host : List.of("mesh1", "mesh2")) {
      agents.add(RunbookProcess.agent(config, host, stack.target().target()));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    List<AutoCloseable> all = new ArrayList<>(agents);
    all.addAll(List.of(stack, bitbucket, pg, fs));
    TestStacks.closeAll(all.toArray(AutoCloseable[]::new));
  }

  static String git(Path in, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=runbook test", "-c", "user.email=test@example.com",
        "-c", "safe.directory=*"));
    command.addAll(List.of(args));
    return Processes.run(command, in, Map.of()).strip();
  }

  /** Pushes a commit with {@code text} onto main of the bare repository {@code repo}; returns its id. */
  static String commit(Path repo, String text) throws Exception {
    Path work = Files.createTempDirectory(dir, "work");
    git(work, "init", "-q", "--initial-branch=main");
    if (!git(repo, "--git-dir=" + repo, "for-each-ref", "refs/heads/main").isEmpty()) {
      git(work, "fetch", "-q", repo.toString(), "main");
      git(work, "reset", "-q", "--hard", "FETCH_HEAD");
    }
    Files.writeString(work.resolve("README"), text + "\n");
    git(work, "add", "README");
    git(work, "commit", "-q", "-m", text);
    git(work, "push", "-q", repo.toString(), "HEAD:refs/heads/main");
    Processes.deleteTree(work);
    return head(repo);
  }

  static String head(Path repo) throws Exception {
    return git(repo, "--git-dir=" + repo, "rev-parse", "refs/heads/main");
  }

  static Path repo(String node) {
    return meshHomes.get(node).resolve("repositories/1");
  }

  static Cli runbook(String... a) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), a));
  }

  static int rows() {
    return Integer.parseInt(pg.psql("bitbucket", "SELECT count(*) FROM repo"));
  }

  /** Starts a restore and, once it asks for approval, does {@code meanwhile}, then approves it as bob. */
  static Cli restoreApproved(RestoreDecision.WhileWaiting meanwhile, String... a) throws Exception {
    return RestoreDecision.run(TestFiles.withConfig(config, stack.target().target(), a), catalogFile,
        stack.target().target(), "approve", meanwhile);
  }

  static List<String> snapshots(String node) throws Exception {
    try (var files = Files.list(meshSnapshots.get(node))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  static List<String> serviceLog() throws Exception {
    return Files.exists(serviceLog) ? Files.readAllLines(serviceLog) : List.of();
  }

  @Test
  @Order(1)
  void theBackupSnapshotsEveryMeshHomeUnderTheRestorePoint() throws Exception {
    Cli backup = runbook("backup", "--instance", "prod");

    assertThat(backup.exit()).as(backup.all()).isZero();
    Matcher m = Pattern.compile("restore point (prod-\\d{8}T\\d{6}Z)").matcher(backup.out());
    assertThat(m.find()).as(backup.out()).isTrue();
    point = m.group(1);
    assertThat(backup.out()).containsPattern("mesh:mesh-1:home:\\S+\\s+mesh-home-snapshot\\s+mesh1\\s")
        .containsPattern("mesh:mesh-2:home:\\S+\\s+mesh-home-snapshot\\s+mesh2\\s")
        .contains("compare Bitbucket's Mesh nodes with the configuration   2 Mesh node(s), each configured");
    for (String node : MESH) {
      assertThat(snapshots(node)).containsExactly(point);
      assertThat(git(dir, "--git-dir=" + meshSnapshots.get(node).resolve(point).resolve("repositories/1"), "rev-parse", "main"))
          .isEqualTo(commitAtBackup.get(node));
    }
    Cli show = Cli.run("restore", "list", "--instance", "prod", "--catalog", catalogFile.toString());
    assertThat(show.out()).containsPattern(Pattern.quote(point) + "\\s+\\S.*COMPLETE\\s+1 snapshot\\(s\\) \\+ Mesh mesh-1, mesh-2");
  }

  @Test
  @Order(2)
  void aRegisteredNodeThatIsNotConfiguredRefusesTheBackupWithExit2() throws Exception {
    bitbucket.mesh().addNode("mesh-3");
    try {
      Cli backup = runbook("backup", "--instance", "prod");

      assertThat(backup.exit()).as(backup.all()).isEqualTo(2);
      assertThat(backup.all()).contains("Bitbucket has registered Mesh node 'mesh-3'", "configures no such node",
          "add it under the instance's mesh:");
      for (String node : MESH) {
        assertThat(snapshots(node)).as("nothing was made").containsExactly(point);
      }
    } finally {
      bitbucket.mesh().unregister("mesh-3");
    }
  }

  @Test
  @Order(3)
  void thePlanListsEveryMeshNodesSteps() throws Exception {
    Cli r = runbook("restore", "--instance", "prod", "--plan-only", "--replace-database");

    assertThat(r.exit()).as(r.all()).isZero();
    for (String node : MESH) {
      String host = node.replace("-", "");
      assertThat(r.out()).contains("stop Mesh node " + node + " on " + host,
          "Mesh home of " + node + ": move " + meshHomes.get(node) + " aside to " + meshHomes.get(node) + ".pre-restore-",
          "start Mesh node " + node + " on " + host + "; wait until it accepts connections on port "
              + bitbucket.mesh().node(node).orElseThrow().port());
    }
    assertThat(r.out()).contains("wait until Bitbucket reports Mesh node(s) mesh-1, mesh-2 AVAILABLE");
    assertThat(serviceLog()).isEmpty();
  }

  @Test
  @Order(4)
  void theRestoreBringsBackEveryMeshHomeStartingMeshBeforeBitbucket() throws Exception {
    for (String node : MESH) {
      // The backup caught the lock; the live repository's writer has finished since (git would refuse the push).
      assertThat(meshSnapshots.get(node).resolve(point).resolve("repositories/1/HEAD.lock")).exists();
      Files.delete(repo(node).resolve("HEAD.lock"));
      commit(repo(node), node + " changed after the backup");
    }
    pg.psql("bitbucket", "DELETE FROM repo WHERE id > 10");
    Files.writeString(home.resolve("notes.txt"), "changed after the backup");

    Cli r = restoreApproved(printed -> { }, "restore", "--instance", "prod", "--point", point, "--replace-database");

    assertThat(r.exit()).as(r.all()).isZero();
    for (String node : MESH) {
      assertThat(head(repo(node))).as(node).isEqualTo(commitAtBackup.get(node));
      assertThat(git(dir, "--git-dir=" + repo(node), "fsck", "--connectivity-only")).doesNotContain("missing");
      assertThat(bitbucket.mesh().node(node).orElseThrow().state()).isEqualTo("AVAILABLE");
    }
    for (String node : MESH) {
      assertThat(r.out()).contains("previous Mesh home kept as " + meshHomes.get(node) + ".pre-restore-");
      assertThat(repo(node).resolve("HEAD.lock")).as("the stale lock in " + node + "'s restored repository").doesNotExist();
      assertThat(meshHomes.get(node).resolve("tmp/HEAD.lock")).exists();
      assertThat(r.out()).contains(node + ":" + repo(node).resolve("HEAD.lock"));
    }
    assertThat(r.out()).containsPattern("ok\\s+mesh2\\s+remove stale git locks of Mesh node mesh-2\\s+1 removed");
    assertThat(rows()).isEqualTo(500);
    assertThat(Files.readString(home.resolve("notes.txt"))).isEqualTo("at backup time");
    List<String> log = serviceLog();
    assertThat(log).containsExactlyInAnyOrder("stop node1", "stop mesh-1", "stop mesh-2", "start mesh-1", "start mesh-2",
        "start node1");
    assertThat(log.get(0)).isEqualTo("stop node1");
    assertThat(log.subList(1, 3)).containsExactlyInAnyOrder("stop mesh-1", "stop mesh-2");
    assertThat(log.subList(3, 5)).containsExactlyInAnyOrder("start mesh-1", "start mesh-2");
    assertThat(log.get(5)).isEqualTo("start node1");
    assertThat(bitbucket.state()).isEqualTo(ApplicationState.RUNNING);
    assertThat(r.out()).containsPattern("ok\\s+mesh2\\s+stop Mesh node mesh-2\\s+mesh=inactive")
        .containsPattern("ok\\s+mesh1\\s+start Mesh node mesh-1\\s+mesh=active");
    Files.delete(serviceLog);
  }

  @Test
  @Order(5)
  void aFailureWhileRestoringTheSecondMeshHomePutsEveryHomeAndTheDatabaseBack() throws Exception {
    Cli backup = runbook("backup", "--instance", "prod");
    assertThat(backup.exit()).as(backup.all()).isZero();
    Matcher m = Pattern.compile("restore point (prod-\\d{8}T\\d{6}Z)").matcher(backup.out());
    assertThat(m.find()).isTrue();
    String second = m.group(1);
    Map<String, String> before = new java.util.HashMap<>();
    Map<String, Long> keptBefore = new java.util.HashMap<>();
    for (String node : MESH) {
      before.put(node, commit(repo(node), node + " before the failed restore"));
      keptBefore.put(node, kept(node));
    }
    pg.psql("bitbucket", "DELETE FROM repo WHERE id > 7");
    Files.writeString(home.resolve("notes.txt"), "before the failed restore");

    // Planned with every snapshot there; mesh-2's disappears while the restore waits for approval.
    Cli r = restoreApproved(printed -> Processes.run(List.of("btrfs", "subvolume", "delete",
        meshSnapshots.get("mesh-2").resolve(second).toString()), dir, Map.of()),
        "restore", "--instance", "prod", "--point", second, "--replace-database");

    assertThat(r.exit()).as(r.all()).isEqualTo(1);
    assertThat(r.out()).contains("prod: RESTORE: FAILED: btrfs subvolume snapshot " + meshSnapshots.get("mesh-2").resolve(second),
        "exited 1 on mesh2");
    Matcher run = Pattern.compile("runbook show ([0-9a-f]{8})").matcher(r.out());
    assertThat(run.find()).isTrue();
    Cli show = Cli.run("show", run.group(1), "--catalog", catalogFile.toString());
    assertThat(show.out()).containsSubsequence("undo: put the previous Mesh home of mesh-2 back",
        "undo: put the previous Mesh home of mesh-1 back", "undo: put the previous database back",
        "undo: put the previous home back", "undo: start Mesh node", "undo: wait until Mesh node", "start services on node1");
    for (String node : MESH) {
      assertThat(head(repo(node))).as(node + " is as it was before the restore").isEqualTo(before.get(node));
      assertThat(kept(node)).as("the undo moved this run's kept home of " + node + " back").isEqualTo(keptBefore.get(node));
      assertThat(bitbucket.mesh().node(node).orElseThrow().listening()).as(node + " started again").isTrue();
    }
    assertThat(rows()).isEqualTo(7);
    assertThat(Files.readString(home.resolve("notes.txt"))).isEqualTo("before the failed restore");
    List<String> log = serviceLog();
    assertThat(log.subList(log.size() - 3, log.size() - 1)).containsExactlyInAnyOrder("start mesh-1", "start mesh-2");
    assertThat(log.get(log.size() - 1)).isEqualTo("start node1");
    assertThat(bitbucket.state()).isEqualTo(ApplicationState.RUNNING);
  }

  /** How many homes of {@code node} restores kept aside. */
  private static long kept(String node) throws Exception {
    try (var siblings = Files.list(meshHomes.get(node).getParent())) {
      return siblings.filter(p -> p.getFileName().toString().startsWith("home.pre-restore-")).count();
    }
  }
}
