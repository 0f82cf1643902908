package dev.runbook.cli;

import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CatalogLocation;
import dev.runbook.activities.catalog.RunQuery;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.Secrets;
import dev.runbook.worker.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A backup that needs no root: the Bitbucket simulator, a home directory snapshotted by a {@code command}
 * script, the database inside the home ({@code postgresql-fslevel}), Temporal's real server and this
 * process's workers. {@link #slow} makes the next snapshots take a while, for overlap and cancellation.
 */
final class CommandHomeScenario implements AutoCloseable {
  final Path dir;
  final Path config;
  final Path catalogFile;
  private final SimulatedBitbucket bitbucket;
  private LocalStack stack;

  private CommandHomeScenario(Path dir, SimulatedBitbucket bitbucket) {
    this.dir = dir;
    this.bitbucket = bitbucket;
    this.config = dir.resolve("runbook.yaml");
    this.catalogFile = dir.resolve("catalog.db");
  }

  /** Writes the scripts and the configuration with {@code schedules} (YAML, or empty) and starts the stack. */
  static CommandHomeScenario start(String schedules) throws Exception {
    Path dir = Files.createTempDirectory("runbook-command-home");
    CommandHomeScenario s = new CommandHomeScenario(dir, SimulatedBitbucket.start(dir));
    try {
      s.write(schedules);
      s.stack = TestStacks.local(s.config, s.catalogFile);
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /** Rewrites the configuration with other {@code schedules}; the worker rereads it. */
  void write(String schedules) throws Exception {
    // The home check wants a mount point, and a test without root cannot mount: /proc is always one, and
    // the command scripts never touch it. (/ itself is refused: a restore would move it aside.)
    Path home = Path.of("/proc");
    Path snapshot = TestFiles.script(dir, "snapshot.sh", """
        if [ -e %1$s/slow ]; then touch %1$s/slow-started; sleep "$(cat %1$s/slow)"; fi
        mkdir -p %1$s/snaps/$RUNBOOK_BACKUP_ID
        echo %1$s/snaps/$RUNBOOK_BACKUP_ID""".formatted(dir));
    Path delete = TestFiles.script(dir, "delete.sh", "rm -rf \"$RUNBOOK_LOCATION\"");
    Files.writeString(config, """
        catalog: {url: 'jdbc:sqlite:%s'}
        hosts: [{name: local, mode: local}]
        instances:
          - name: prod
            bitbucket: %s
            nodes: [{name: node1, host: local}]
            home: {host: local, mounts: [%s], snapshot: {provider: command, snapshot: %s, delete: %s}}
            database: {provider: postgresql-fslevel, host: local, dataDirectory: %s/runbook-postgresql}
            retention: {keep: 100}
        """.formatted(catalogFile, bitbucket.yaml(), home, snapshot, delete, home) + schedules);
  }

  /** Makes every snapshot from now on take {@code seconds}; 0 makes them quick again. */
  void slow(int seconds) throws Exception {
    Files.deleteIfExists(dir.resolve("slow-started"));
    if (seconds == 0) {
      Files.deleteIfExists(dir.resolve("slow"));
    } else {
      Files.writeString(dir.resolve("slow"), Integer.toString(seconds));
    }
  }

  LocalStack stack() {
    return stack;
  }

  /** {@code runbook ARGS -c CONFIG --temporal-target TARGET}. */
  Cli runbook(String... args) {
    return Cli.run(TestFiles.withConfig(config, stack.target().target(), args));
  }

  /** The catalog the stack records in. */
  Catalog catalog() {
    return Catalog.open(CatalogLocation.sqlite(catalogFile), new Secrets(Map.of()));
  }

  /** The backups of prod in the catalog, newest first. */
  List<RunRecord> backups() throws Exception {
    return catalog().runs(new RunQuery("prod", "backup", 1000));
  }

  @Override
  public void close() throws Exception {
    TestStacks.closeAll(stack, bitbucket);
  }
}
