package dev.runbook.bench;

import dev.runbook.activities.aws.AwsClients;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.home.HomeActivitiesImpl;
import dev.runbook.activities.host.HostContext;
import dev.runbook.testkit.MotoServer;
import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.backup.BackupInput;
import dev.runbook.workflows.backup.BackupResult;
import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** (a) Freeze windows: the {@code command} provider in whole backups on the real server, and {@code ebs}. */
final class FreezeWindow {
  private FreezeWindow() {}

  /**
   * Backups of instance {@code images} (command provider: freeze, reflink copy of the ext4 image, thaw;
   * pg_dump of a tiny database beside it), the window as the step recorded it (first freeze to last
   * thaw), against a bare shell doing the same freeze, copy and thaw with the same tiny pg_dump running.
   */
  static void command(BenchFixture f, int rounds) throws Exception {
    Path bare = f.script("bare-freeze.sh", """
        export PGPASSWORD=$(cat %1$s)
        pg_dump --format=directory --jobs=1 %2$s --file=%3$s/bare-tiny & d=$!
        s=$(date +%%s%%N); fsfreeze -f %4$s; cp --reflink=always %5$s %6$s/bare.img; fsfreeze -u %4$s; e=$(date +%%s%%N)
        wait $d
        rm -rf %6$s/bare.img %3$s/bare-tiny
        echo $((e-s))
        """.formatted(f.pgPassword, f.pgArgs("tiny"), f.backups, f.imageHome, f.image, f.imageSnaps));
    Samples shell = new Samples();
    Samples runbook = new Samples();
    for (int i = 0; i < rounds + 2; i++) {
      double bareMs = BenchFixture.timed(bare);
      freshSecond();
      BackupResult r = backup(f, "images");
      Files.deleteIfExists(f.imageSnaps.resolve(r.restorePointId() + ".img"));
      f.run(List.of("rm", "-rf", f.backups.resolve(r.restorePointId()).toString()));
      if (i >= 2) { // the first rounds warm up the JVM and the filesystem
        shell.add(bareMs);
        runbook.add(r.freezeMs());
      }
    }
    System.out.printf(Locale.ROOT, "(a) command provider freeze window, %d rounds: bare shell %s; runbook %s; ratio %.2f "
        + "(goal <= 1.5)%n", shell.size(), shell.describe(1), runbook.describe(1), runbook.median() / shell.median());
  }

  /**
   * The {@code ebs} provider's window (only the CreateSnapshot request inside) on an ext4 loop device
   * standing for the EBS volume, moto's server answering; the activity on its own (the window is inside
   * one activity). Baseline: freeze, the same request made by a bare SDK client, thaw.
   */
  static void ebs(BenchFixture f, int rounds) throws Exception {
    try (MotoServer moto = MotoServer.start()) {
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
      System.setProperty("runbook.aws.pollMillis", "100");
      Path byId = Files.createDirectories(f.dir.resolve("by-id"));
      System.setProperty("runbook.ebs.deviceDir", byId.toString());
      Ec2Client ec2 = AwsClients.ec2("us-east-1", moto.endpoint().toString());
      var instance = ec2.runInstances(r -> r.imageId("ami-0123456789abcdef0").minCount(1).maxCount(1).instanceType("m5.large"))
          .instances().get(0);
      String volume = ec2.createVolume(r -> r.availabilityZone(instance.placement().availabilityZone()).size(10).volumeType("gp3"))
          .volumeId();
      ec2.attachVolume(r -> r.volumeId(volume).instanceId(instance.instanceId()).device("/dev/sdf"));
      Path device = f.fs.loopDevice(f.fs.ext4Image(f.dir.resolve("ebs.img"), 64));
      Files.createSymbolicLink(byId.resolve("nvme-Amazon_Elastic_Block_Store_" + volume.replace("-", "")), device);
      Path mount = f.fs.mountDevice(device, f.dir.resolve("ebs-home"));
      BenchFixture.fill(mount, 16);
      Path config = f.dir.resolve("ebs.yaml");
      Files.writeString(config, """
          hosts: [{name: local, mode: local}]
          instances:
            - name: cloud
              bitbucket: {baseUrl: 'http://127.0.0.1:1', username: a, password: env:UNUSED}
              nodes: [{name: node1, host: local}]
              home: {host: local, mounts: [%s], snapshot: {provider: ebs, region: us-east-1, instanceId: %s, endpoint: '%s', maxFreeze: 20s}}
              database: {provider: postgresql, host: local, name: tiny, user: postgres, backupRoot: /tmp}
          """.formatted(mount, instance.instanceId(), moto.endpoint()));
      Samples bare = new Samples();
      Samples runbook = new Samples();
      TestActivityEnvironment env = TestActivityEnvironment.newInstance();
      try {
        env.registerActivitiesImplementations(new HomeActivitiesImpl(HostContext.agent("local", new ConfigSource(config))));
        HomeActivities activities = env.newActivityStub(HomeActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build());
        for (int i = 0; i < rounds + 2; i++) {
          long s = System.nanoTime();
          f.run(List.of("fsfreeze", "-f", mount.toString()));
          String snap;
          try {
            snap = ec2.createSnapshot(r -> r.volumeId(volume).description("bare")).snapshotId();
          } finally {
            f.run(List.of("fsfreeze", "-u", mount.toString()));
          }
          double bareMs = (System.nanoTime() - s) / 1e6;
          ec2.deleteSnapshot(r -> r.snapshotId(snap));
          String id = String.format(Locale.ROOT, "cloud-20261130T03%02d%02dZ", i / 60, i % 60);
          HomeSnapshot h = activities.snapshotHome(HomeRequest.of("local", "cloud", id));
          double ms = Duration.between(h.freezeStartedAt(), h.freezeEndedAt()).toNanos() / 1e6;
          activities.deleteHomeSnapshot(new HomeRequest("local", "cloud", id, h.artifacts()));
          if (i >= 2) {
            bare.add(bareMs);
            runbook.add(ms);
          }
        }
      } finally {
        env.close();
        f.fs.unmount(mount);
      }
      System.out.printf(Locale.ROOT, "(a) ebs provider freeze window (moto), %d rounds: bare freeze + CreateSnapshot + thaw %s; "
          + "runbook %s; ratio %.2f%n", bare.size(), bare.describe(1), runbook.describe(1), runbook.median() / bare.median());
    }
  }

  /** Waits for the next second: restore point ids have seconds, and a run would wait for a free one itself. */
  static void freshSecond() throws InterruptedException {
    Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20);
  }

  /** One backup of {@code instance} on the real server, from its start to its result. */
  static BackupResult backup(BenchFixture f, String instance) {
    BackupWorkflow w = f.stack.client().newWorkflowStub(BackupWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.CONTROL).build());
    try {
      return w.backup(new BackupInput(instance, null, "benchmark"));
    } finally {
      HistoryTrace.last = io.temporal.client.WorkflowStub.fromTyped(w).getExecution();
    }
  }
}
