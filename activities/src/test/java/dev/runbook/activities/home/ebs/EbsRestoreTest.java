package dev.runbook.activities.home.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.aws.MotoAccount;
import dev.runbook.activities.aws.MotoLoops;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.testkit.LoopFilesystems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * An EBS restore against moto's server, with loop devices standing in for attached volumes through
 * the {@link VolumeDevices} seam: the home's volume is found from its mount, the restored volume
 * appears as a device holding the snapshot's data, and undo brings the kept volume back.
 */
class EbsRestoreTest {
  @RegisterExtension
  static final MotoLoops ENV = new MotoLoops();

  /** Runs a command here; its stdout when it exits 0. */
  static Optional<String> local(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Test
  void aRestoredVolumeReplacesTheHomeAndUndoPutsTheKeptOneBack() throws Exception {
    MotoAccount aws = ENV.aws();
    LoopFilesystems fs = ENV.fs();
    aws.moto.reset();
    Ec2Client ec2 = aws.ec2("us-east-1");
    Instance instance = aws.runInstance(ec2);
    String homeVolume = aws.attachNewVolume(ec2, instance, "/dev/sdf");
    Path current = fs.loopDevice(fs.ext4Image(fs.dir().resolve("current.img"), 64));
    Path home = fs.mountDevice(current, fs.dir().resolve("home"));
    Files.writeString(home.resolve("repo"), "at the restore point");
    // moto keeps no data: the test stands in for EBS's data plane, copying the image as the snapshot is taken.
    Path[] restored = new Path[1];
    VolumeDevices devices = VolumeDevices.mapped(id -> id.equals(homeVolume) ? current.toString()
        : restored[0] == null ? null : restored[0].toString());
    DeviceProbe probe = new DeviceProbe(EbsRestoreTest::local);
    EbsConfig config = new EbsConfig("us-east-1", instance.instanceId(), null, aws.endpoint(), null, null, null, null, null);

    EbsVolumes.Plan plan = new EbsVolumes(ec2, config, devices, probe).plan(List.of(home.toString()));
    assertThat(plan.volumes()).extracting(EbsVolumes.HomeVolume::volumeId).as("found from the mount's device")
        .containsExactly(homeVolume);
    RunLabels backup = new RunLabels("prod", "prod-20261129T030000Z", "backup-run");
    EbsSnapshots snapshots = new EbsSnapshots(r -> ec2, config, MotoAccount.POLL);
    local(List.of("sync"));
    List<EbsSnapshots.Taken> taken = snapshots.keepHome(snapshots.request(plan, backup));
    Path snapshotData = Files.copy(fs.dir().resolve("current.img"), fs.dir().resolve("snapshot.img"));
    Files.writeString(home.resolve("repo"), "after the restore point");

    RunLabels restore = new RunLabels("prod", "prod-20261129T030000Z", "restore-run");
    EbsRestore ebs = new EbsRestore(ec2, config, devices, probe, MotoAccount.POLL);
    EbsVolumes.HomeVolume volume = plan.volumes().get(0);
    String newVolume = ebs.createVolume(volume, taken.get(0).snapshotId(), restore, p -> { });
    assertThat(ebs.createVolume(volume, taken.get(0).snapshotId(), restore, p -> { })).as("a retry finds it").isEqualTo(newVolume);
    Volume made = describe(ec2, newVolume);
    assertThat(made.availabilityZone()).isEqualTo(instance.placement().availabilityZone());
    assertThat(made.volumeTypeAsString()).isEqualTo("gp3");
    assertThat(made.iops()).isEqualTo(3000);
    restored[0] = fs.loopDevice(snapshotData);
    fs.unmount(home);

    EbsRestore.Placed placed = ebs.swap(volume, newVolume, "restore-run", p -> { });

    assertThat(placed.device()).isEqualTo(restored[0].toString());
    fs.mountDevice(Path.of(placed.device()), home);
    assertThat(Files.readString(home.resolve("repo"))).isEqualTo("at the restore point");
    Volume kept = describe(ec2, homeVolume);
    assertThat(kept.state()).isEqualTo(VolumeState.AVAILABLE);
    assertThat(kept.tags()).anyMatch(t -> t.key().equals("runbook:kept-by-run") && t.value().equals("restore-run"));
    assertThat(describe(ec2, newVolume).attachments()).anyMatch(a -> a.device().equals("/dev/sdf"));
    assertThat(ebs.swap(volume, newVolume, "restore-run", p -> { }).device()).as("a retried swap changes nothing")
        .isEqualTo(placed.device());

    fs.unmount(home);
    List<EbsRestore.Placed> back = ebs.undo("restore-run", p -> { });

    assertThat(back).extracting(EbsRestore.Placed::mount, EbsRestore.Placed::volumeId, EbsRestore.Placed::device)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(home.toString(), homeVolume, current.toString()));
    fs.mountDevice(current, home);
    assertThat(Files.readString(home.resolve("repo"))).isEqualTo("after the restore point");
    Volume again = describe(ec2, homeVolume);
    assertThat(again.attachments()).anyMatch(a -> a.device().equals("/dev/sdf") && a.instanceId().equals(instance.instanceId()));
    assertThat(again.tags()).noneMatch(t -> t.key().equals("runbook:kept-by-run"));
    assertThat(ec2.describeVolumes(r -> r.filters(f -> f.name("volume-id").values(newVolume))).volumes())
        .as("undo deleted the volume the restore made").isEmpty();
    assertThat(ebs.undo("restore-run", p -> { })).as("undo again finds nothing to do").isEmpty();
  }

  static Volume describe(Ec2Client ec2, String id) {
    return ec2.describeVolumes(r -> r.volumeIds(id)).volumes().get(0);
  }
}
