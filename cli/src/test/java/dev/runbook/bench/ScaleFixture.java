package dev.runbook.bench;

import dev.runbook.testkit.BitbucketSimulator;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.testkit.MirrorSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the scale benchmark backs up and checks: {@code instances} Bitbucket instances (plus {@code solo}, the
 * baseline's) on one host, each with its home on its own tmpfs holding a few small files and the database's
 * data directory ({@code postgresql-fslevel}), snapshotted by a {@code command} script that copies the home;
 * one Bitbucket simulator as every instance's primary; {@code mirrors} Smart Mirror simulators paired to it,
 * and one {@code mirror-check} schedule for each, firing every 3 minutes (a third of them on each minute), so
 * {@code mirrors} schedules start {@code mirrors * 20} checks an hour.
 */
final class ScaleFixture implements AutoCloseable {
  /** The one host: its agent runs every home and database step. */
  static final String HOST = "files";
  /** Minutes between two checks of one schedule. */
  static final int CHECK_EVERY_MINUTES = 3;

  final LoopFilesystems fs = LoopFilesystems.create();
  final List<String> instances = new ArrayList<>();
  final List<Path> homes = new ArrayList<>();
  final List<MirrorSimulator> mirrors = new ArrayList<>();
  final Path snapshots;
  final Path config;
  final Path catalog;
  final BitbucketSimulator bitbucket;

  ScaleFixture(int instances, int mirrors, String workersYaml) throws Exception {
    try {
      bitbucket = BitbucketSimulator.builder().admin("admin", "simulated").start();
      snapshots = Files.createDirectories(fs.dir().resolve("snapshots"));
      for (int i = 0; i <= instances; i++) {
        String name = i == instances ? "solo" : String.format(Locale.ROOT, "i%03d", i);
        Path home = fs.tmpfs("home-" + name);
        Files.createDirectories(home.resolve("shared/data/repositories"));
        Files.createDirectories(home.resolve("pgdata/base"));
        for (int f = 0; f < 8; f++) { // 8 x 4 KiB of repository data and 4 x 8 KiB of database pages: a small copy
          Files.write(home.resolve("shared/data/repositories/pack-" + f), new byte[4096]);
          Files.write(home.resolve("pgdata/base/" + (16384 + f % 4)), new byte[8192]);
        }
        this.instances.add(name);
        homes.add(home);
      }
      for (int m = 0; m < mirrors; m++) {
        this.mirrors.add(MirrorSimulator.builder(bitbucket).name(mirror(m)).version("8.19.4").start());
      }
      catalog = fs.dir().resolve("catalog.db");
      config = fs.dir().resolve("runbook.yaml");
      Files.writeString(config, yaml(workersYaml));
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  static String mirror(int m) {
    return String.format(Locale.ROOT, "m%02d", m);
  }

  /** The schedule of mirror {@code m}: every 3 minutes, at minutes {@code m % 3}, {@code m % 3 + 3}, ... */
  static String schedule(int m) {
    return "check-" + mirror(m);
  }

  /** The minute of the hour (mod {@link #CHECK_EVERY_MINUTES}) schedule {@code m} fires at. */
  static int phase(int m) {
    return m % CHECK_EVERY_MINUTES;
  }

  /** The instances the concurrent backups cover ({@code solo} excluded). */
  List<String> burst() {
    return instances.subList(0, instances.size() - 1);
  }

  private String yaml(String workersYaml) throws Exception {
    Path snapshot = BenchFixture.script(fs.dir(), "snapshot.sh",
        "set -e\nd=" + snapshots + "/$RUNBOOK_BACKUP_ID\ncp -a \"$RUNBOOK_MOUNT\" \"$d\"\necho \"$d\"");
    Path delete = BenchFixture.script(fs.dir(), "delete.sh",
        "rm -rf \"${RUNBOOK_LOCATION:-" + snapshots + "/$RUNBOOK_BACKUP_ID}\"");
    Path bbPassword = fs.dir().resolve("bb-password");
    Files.writeString(bbPassword, "simulated");
    Path mirrorPassword = fs.dir().resolve("mirror-password");
    Files.writeString(mirrorPassword, "mirror-admin-password");
    StringBuilder y = new StringBuilder("catalog: {url: 'jdbc:sqlite:" + catalog + "'}\n"
        + "hosts: [{name: " + HOST + ", mode: agent}]\n" + workersYaml + "\ninstances:\n");
    for (int i = 0; i < instances.size(); i++) {
      y.append("""
            - name: %1$s
              bitbucket: {baseUrl: '%2$s', username: admin, password: 'file:%3$s'}
              nodes: [{name: node1, host: %4$s}]
              home: {host: %4$s, mounts: [%5$s], snapshot: {provider: command, snapshot: %6$s, delete: %7$s}}
              database: {provider: postgresql-fslevel, host: %4$s, dataDirectory: %5$s/pgdata}
              retention: {keep: 100}
          """.formatted(instances.get(i), bitbucket.baseUrl(), bbPassword, HOST, homes.get(i), snapshot, delete));
    }
    if (!mirrors.isEmpty()) {
      y.append("mirrors:\n");
      for (MirrorSimulator m : mirrors) {
        y.append("  - {name: %s, primary: %s, baseUrl: '%s', username: admin, password: 'file:%s'}\n"
            .formatted(m.name(), instances.get(0), m.baseUrl(), mirrorPassword));
      }
      y.append("schedules:\n");
      for (int m = 0; m < mirrors.size(); m++) {
        y.append("  - {name: %s, runbook: mirror-check, mirror: %s, cron: '%d-59/%d * * * *'}\n"
            .formatted(schedule(m), mirror(m), phase(m), CHECK_EVERY_MINUTES));
      }
    }
    return y.toString();
  }

  @Override
  public void close() {
    mirrors.forEach(MirrorSimulator::close);
    if (bitbucket != null) {
      bitbucket.close();
    }
    fs.close();
  }
}
