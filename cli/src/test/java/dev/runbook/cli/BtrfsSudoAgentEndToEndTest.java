package dev.runbook.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backup and a restore of an instance with its home on btrfs (a real loop device), run by an agent
 * that is not root: a system user made for the test, whose only privileges are the sudoers lines of
 * docs/security.md's "Backup and restore, btrfs home", with this test's user and paths put in
 * (Debian's sudo; the file is removed afterwards). The home and bitbucket.properties belong to root,
 * so every change to them goes through one of those lines.
 */
class BtrfsSudoAgentEndToEndTest {
  static final String USER = "rbk" + UUID.randomUUID().toString().substring(0, 8);
  static final Path SUDOERS = Path.of("/etc/sudoers.d/runbook-test-" + USER);
  static final String DOC_HOME = "/var/atlassian/application-data/bitbucket/shared";
  static final String DOC_SNAPSHOTS = "/var/atlassian/application-data/.snapshots";
  static boolean userMade;
  static LoopFilesystems fs;
  static PostgresFixture pg;
  static BitbucketSimulator bitbucket;
  static LocalStack stack;
  static RunbookProcess agent;
  static Path dir;
  static Path home;
  static Path snapshots;
  static Path config;

  @BeforeAll
  static void start() throws Exception {
    String why = LoopFilesystems.unavailableBecause();
    if (why == null && !Files.isExecutable(Path.of("/usr/bin/sudo"))) {
      why = "sudo is not installed (apt-get install sudo)";
    }
    assumeTrue(why == null, "non-root agent test skipped: " + why);
    run("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell",
        "/usr/sbin/nologin", USER);
    userMade = true;
    fs = LoopFilesystems.create();
    dir = fs.dir();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path btrfs = fs.btrfs("data", 400);
    snapshots = Files.createDirectories(btrfs.resolve(".snapshots"));
    home = fs.subvolume(btrfs.resolve("shared"));
    Files.createDirectories(home.resolve("data/repositories/1/refs/heads"));
    Files.writeString(home.resolve("data/repositories/1/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(home.resolve("data/repositories/1/index.lock"), "");
    Files.writeString(home.resolve("notes.txt"), "at backup time");
    Path properties = home.resolve("bitbucket.properties");
    Files.writeString(properties, "jdbc.url=jdbc:postgresql://127.0.0.1/bitbucket\n");
    Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-r-----"));

    pg = PostgresFixture.start();
    pg.createDatabase("bitbucket");
    pg.psql("bitbucket", "CREATE TABLE repo (id int); INSERT INTO repo SELECT generate_series(1, 500)");
    bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
    Path state = owned(dir.resolve("service-state"), "running");
    bitbucket.followServiceState(state, Duration.ofMillis(800));
    // The agent's user runs the service scripts (not privileged here).
    Path stop = owned(TestFiles.script(dir, "stop.sh", "echo stopped > " + state), null);
    Path startScript = owned(TestFiles.script(dir, "start.sh", "echo running > " + state), null);
    Path status = owned(TestFiles.script(dir, "status.sh", "[ \"$(cat " + state + ")\" = running ] && exit 0 || exit 3"), null);
    Path pgPassword = owned(TestFiles.secret(dir, "pg-password", pg.password()), null);
    Path bbPassword = owned(TestFiles.secret(dir, "bb-password", "simulated"), null);
    Path backups = owned(Files.createDirectories(dir.resolve("backups")), null);
    config = dir.resolve("runbook.yaml");
    Files.writeString(config, """
        hosts: [{name: files, mode: agent, sudo: true}]
        instances:
          - name: prod
            bitbucket: {baseUrl: '%s', username: admin, password: 'file:%s'}
            nodes: [{name: node1, host: files}]
            home: {host: files, mounts: [%s], snapshot: {provider: btrfs, snapshotDir: %s}}
            database: {provider: postgresql, host: files, port: %d, name: bitbucket, user: postgres, password: 'file:%s', backupRoot: %s}
            services: {provider: command, stop: %s, start: %s, status: %s}
            restore: {requireApproval: false, integrityCheck: true, stopTimeout: 30s, startTimeout: 60s}
        """.formatted(bitbucket.baseUrl(), bbPassword, home, snapshots, pg.port(), pgPassword, backups, stop, startScript,
        status));
    writeSudoers();
    stack = TestStacks.local(config, dir.resolve("catalog.db"));
    agent = RunbookProcess.agentAs(USER, readableClassPath(), config, "files", stack.target().target());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      TestStacks.closeAll(agent, stack, bitbucket, pg, fs);
    } finally {
      Files.deleteIfExists(SUDOERS);
      if (userMade) {
        run("userdel", USER);
      }
    }
  }

  /** docs/security.md's btrfs lines, for this test's user, home, snapshot directory and instance. */
  static void writeSudoers() throws Exception {
    String doc = Files.readString(Path.of("../docs/security.md"));
    Matcher block = Pattern.compile("### Backup and restore, btrfs home\\n.*?```\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(block.find()).as("docs/security.md has the btrfs sudoers lines").isTrue();
    String lines = block.group(1).replace(DOC_HOME, home.toString()).replace(DOC_SNAPSHOTS, snapshots.toString())
        .replaceAll("(?m)^runbook ", USER + " ");
    Path draft = dir.resolve("sudoers");
    Files.writeString(draft, lines);
    run("visudo", "-c", "-q", "-f", draft.toString());
    Files.writeString(SUDOERS, lines);
    Files.setPosixFilePermissions(SUDOERS, PosixFilePermissions.fromString("r--r-----"));
  }

  /** The test's class path, hard-linked (copied across filesystems) where the agent's user can read it. */
  static String readableClassPath() throws Exception {
    Path cp = Files.createDirectories(dir.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = cp.resolve((i++) + "-" + from.getFileName());
      if (Files.isDirectory(from)) {
        run("cp", "-r", from.toString(), to.toString());
      } else {
        try {
          Files.createLink(to, from);
        } catch (IOException | UnsupportedOperationException e) {
          Files.copy(from, to);
        }
      }
      entries.add(to.toString());
    }
    run("chmod", "-R", "a+rX", cp.toString());
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** {@code path} (with {@code content} written, unless null) handed to the agent's user. */
  static Path owned(Path path, String content) throws Exception {
    if (content != null) {
      Files.writeString(path, content);
    }
    run("chown", USER + ":" + USER, path.toString());
    return path;
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }

  static Cli runbook(String... a) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), a));
  }

  static int rows() {
    return Integer.parseInt(pg.psql("bitbucket", "SELECT count(*) FROM repo"));
  }

  @Test
  void aNonRootAgentBacksUpAndRestoresThroughExactlyTheDocumentedSudoersLines() throws Exception {
    String uid = Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status")).stream()
        .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    assertThat(uid).as("the agent runs as the test's user").isNotEqualTo("0");
    Process shell = new ProcessBuilder("sudo", "-n", "-l", "-U", USER, "/bin/sh").start();
    assertThat(shell.waitFor()).as("the lines give no root shell").isNotZero();

    Cli backup = runbook("backup", "--instance", "prod");
    assertThat(backup.exit()).as(backup.all() + agent.output()).isZero();
    Matcher m = Pattern.compile("restore point (prod-\\d{8}T\\d{6}Z)").matcher(backup.out());
    assertThat(m.find()).as(backup.out()).isTrue();
    assertThat(snapshots.resolve(m.group(1)).resolve("notes.txt")).hasContent("at backup time");

    pg.psql("bitbucket", "DELETE FROM repo WHERE id > 10");
    Files.writeString(home.resolve("notes.txt"), "changed after the backup");

    Cli restore = runbook("restore", "--instance", "prod", "--point", m.group(1), "--replace-database", "--follow");
    assertThat(restore.exit()).as(restore.all() + agent.output()).isZero();
    assertThat(rows()).isEqualTo(500);
    assertThat(home.resolve("notes.txt")).hasContent("at backup time");
    Matcher kept = Pattern.compile("previous home kept as (" + Pattern.quote(home.toString()) + "\\.pre-restore-\\d{14})")
        .matcher(restore.out());
    assertThat(kept.find()).as(restore.out()).isTrue();
    assertThat(Path.of(kept.group(1)).resolve("notes.txt")).hasContent("changed after the backup");
    assertThat(home.resolve("data/repositories/1/index.lock")).doesNotExist();
    Path properties = home.resolve("bitbucket.properties");
    assertThat(Files.readAllLines(properties)).as(restore.all() + agent.output()).containsExactly("jdbc.url=jdbc:postgresql://127.0.0.1/bitbucket",
        "disaster.recovery=false");
    assertThat(Files.getOwner(properties).getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(properties))).isEqualTo("rw-r-----");
  }
}
