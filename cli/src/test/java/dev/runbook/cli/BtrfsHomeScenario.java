package dev.runbook.cli;

import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.PostgresFixture;
import dev.runbook.worker.LocalStack;
import dev.runbook.worker.metrics.MetricsEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end-to-end tests' usual instance {@code prod}: a btrfs home (subvolume {@code home} of a btrfs on a
 * loop device, snapshots in its {@code .snapshots}), a real PostgreSQL with database {@code bitbucket}, the
 * Bitbucket simulator, and, once the test has written its runbook.yaml ({@link #startStack}), Temporal's real
 * server and this process's workers. The test fills the home and the database, and adds to the configuration
 * what it tests ({@link #prodInstance} is the instance's common part).
 */
final class BtrfsHomeScenario implements AutoCloseable {
  final LoopFilesystems fs;
  final Path dir;
  final Path config;
  final Path catalogFile;
  Path btrfs;
  Path snapshots;
  Path home;
  Path backups;
  PostgresFixture pg;
  Path pgPassword;
  SimulatedBitbucket bitbucket;
  LocalStack stack;
  private MetricsEndpoint metrics;

  private BtrfsHomeScenario(LoopFilesystems fs) {
    this.fs = fs;
    this.dir = fs.dir();
    this.config = dir.resolve("runbook.yaml");
    this.catalogFile = dir.resolve("catalog.db");
  }

  /**
   * A btrfs of {@code megabytes} with the home subvolume, PostgreSQL and the simulator; skipped, saying
   * {@code skipped}, on a machine without loop devices.
   */
  static BtrfsHomeScenario start(String skipped, int megabytes) throws Exception {
    BtrfsHomeScenario s = new BtrfsHomeScenario(TestStacks.loopFilesystems(skipped));
    try {
      s.btrfs = s.fs.btrfs("data", megabytes);
      s.snapshots = Files.createDirectories(s.btrfs.resolve(".snapshots"));
      s.home = s.fs.subvolume(s.btrfs.resolve("home"));
      s.backups = Files.createDirectories(s.dir.resolve("backups"));
      s.pg = PostgresFixture.start();
      s.pg.createDatabase("bitbucket");
      s.pgPassword = TestFiles.secret(s.dir, "pg-password", s.pg.password());
      s.bitbucket = SimulatedBitbucket.start(s.dir);
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /**
   * The part of instance {@code prod} every test using this scenario shares, as lines of the {@code instances:}
   * list (no line break at the end): the simulator, one node on host {@code local}, the btrfs home and the PostgreSQL database dumped to
   * {@link #backups}.
   */
  String prodInstance() {
    return """
          - name: prod
            bitbucket: %s
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%s], snapshot: {provider: btrfs, snapshotDir: %s}}
            database: {provider: postgresql, host: local, port: %d, name: bitbucket, user: postgres, password: 'file:%s', backupRoot: %s}
        """.formatted(bitbucket.yaml(), home, snapshots, pg.port(), pgPassword, backups).stripTrailing();
  }

  /** Writes {@code yaml} as runbook.yaml and starts the stack on it, with this process's metrics on {@code metrics}. */
  void startStack(String yaml, MetricsEndpoint metrics) throws Exception {
    Files.writeString(config, yaml);
    this.metrics = metrics;
    stack = metrics == null ? TestStacks.local(config, catalogFile) : TestStacks.local(config, catalogFile, metrics);
  }

  /** {@code args} with the configuration and the stack's Temporal target. */
  String[] args(String... args) {
    return TestFiles.withConfig(config, stack.target().target(), args);
  }

  /** Runs the CLI with {@link #args}. */
  Cli runbook(String... args) {
    return Cli.run(args(args));
  }

  /** Replays every run and stops the stack, the metrics, the simulator, PostgreSQL and the filesystems. */
  @Override
  public void close() throws Exception {
    TestStacks.closeAll(stack, metrics, bitbucket, pg, fs);
  }
}
