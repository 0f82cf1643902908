package dev.runbook.activities.home;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.activities.aws.MotoAccount;
import dev.runbook.activities.aws.MotoLoops;
import dev.runbook.activities.aws.RecordingInterceptor;
import dev.runbook.activities.aws.RecordingInterceptor.Call;
import dev.runbook.testkit.LoopFilesystems;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The {@code ebs} provider through the home activities: a real fsfreeze of an ext4 home on a loop
 * device standing in for the attached EBS volume, the real SDK against moto's server. A test thread
 * plays udev: when a restored volume is attached, it links it (by the name EC2's NVMe devices get)
 * to a loop device holding the snapshot's data, which moto does not keep.
 */
class EbsHomeActivitiesTest {
  static final String POINT = "prod-20261130T030000Z";
  @RegisterExtension
  static final MotoLoops ENV = new MotoLoops();

  @AfterAll
  static void stop() {
    System.clearProperty("runbook.ebs.deviceDir");
    System.clearProperty("runbook.aws.pollMillis");
  }

  static Path link(Path byId, String volumeId, Path device) throws Exception {
    return Files.createSymbolicLink(byId.resolve("nvme-Amazon_Elastic_Block_Store_" + volumeId.replace("-", "")), device);
  }

  @Test
  void theFreezeHoldsOnlyTheSnapshotRequestAndARestoreRoundTripsThroughVolumes() throws Exception {
    MotoAccount aws = ENV.aws();
    LoopFilesystems fs = ENV.fs();
    aws.moto.reset();
    Ec2Client ec2 = aws.ec2("us-east-1");
    Instance instance = aws.runInstance(ec2);
    String volume = aws.attachNewVolume(ec2, instance, "/dev/sdf");
    Path byId = Files.createDirectories(fs.dir().resolve("by-id"));
    System.setProperty("runbook.ebs.deviceDir", byId.toString());
    System.setProperty("runbook.aws.pollMillis", "50");
    Path image = fs.ext4Image(fs.dir().resolve("current.img"), 64);
    Path current = fs.loopDevice(image);
    link(byId, volume, current);
    Path home = fs.mountDevice(current, fs.dir().resolve("home"));
    Files.writeString(home.resolve("repo"), "at the restore point");

    // The loop filesystems' clean-up unmounts whatever is mounted at home by then.
    try (HomeFixture f = new HomeFixture(fs.dir(), """
        home:
          host: files
          mounts: [%s]
          snapshot: {provider: ebs, region: us-east-1, instanceId: %s, endpoint: '%s'}""".formatted(
        home, instance.instanceId(), aws.endpoint()))) {
      assertThat(String.join("\n", f.home.checkHome(HomeRequest.of("files", "prod", null)).evidence()))
          .contains(home + ": EBS volume " + volume);

      RecordingInterceptor.CALLS.clear();
      HomeSnapshot s = f.home.snapshotHome(HomeRequest.of("files", "prod", POINT));

      assertThat(s.freezeStartedAt()).isNotNull();
      List<Call> calls = List.copyOf(RecordingInterceptor.CALLS);
      assertThat(calls.stream().filter(c -> !c.sent().isBefore(s.freezeStartedAt()) && !c.answered().isAfter(s.freezeEndedAt()))
          .map(Call::operation)).as("inside the freeze " + calls).containsExactly("CreateSnapshot");
      assertThat(calls.stream().filter(c -> c.operation().equals("DescribeSnapshots") && c.sent().isAfter(s.freezeEndedAt())))
          .as("the wait for completed runs after the thaw").isNotEmpty();
      assertThat(calls.stream().filter(c -> c.operation().equals("DescribeVolumes")))
          .allMatch(c -> c.answered().isBefore(s.freezeStartedAt()), "volumes are resolved before the freeze");
      assertThat(LoopFilesystems.writable(home, 2000)).isTrue();
      assertThat(s.artifacts()).singleElement().satisfies(a -> {
        assertThat(a.name()).isEqualTo("home:" + home);
        assertThat(a.location()).startsWith("us-east-1/snap-");
      });

      // moto keeps no data: the restored volume's device gets a copy of the image as it was snapshotted.
      Path restoredImage = Files.copy(image, fs.dir().resolve("restored.img"));
      Files.writeString(home.resolve("repo"), "after the restore point");
      Path restoredDevice = fs.loopDevice(restoredImage);
      Thread udev = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          ec2.describeVolumes(r -> r.filters(x -> x.name("tag-key").values("runbook:from-snapshot"))).volumes().stream()
              .filter(v -> !v.attachments().isEmpty()).forEach(v -> {
                try {
                  if (!Files.exists(byId.resolve("nvme-Amazon_Elastic_Block_Store_" + v.volumeId().replace("-", "")))) {
                    link(byId, v.volumeId(), restoredDevice);
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "udev");
      udev.setDaemon(true);
      udev.start();
      HomeRequest restore = new HomeRequest("files", "prod", POINT, s.artifacts(), "20261130040000");
      try {
        assertThat(f.home.planRestore(restore).undoable()).isTrue();
        assertThat(f.home.restoreHome(restore).keptAs()).singleElement().asString().startsWith(volume + " (detached");
        assertThat(Files.readString(home.resolve("repo"))).isEqualTo("at the restore point");

        f.home.undoRestore(restore);
      } finally {
        udev.interrupt();
      }
      assertThat(Files.readString(home.resolve("repo"))).isEqualTo("after the restore point");
      assertThat(ec2.describeVolumes(r -> r.volumeIds(volume)).volumes().get(0).attachments())
          .anyMatch(a -> a.instanceId().equals(instance.instanceId()) && a.device().equals("/dev/sdf"));

      f.home.deleteHomeSnapshot(HomeRequest.of("files", "prod", POINT));
      assertThat(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots()).isEmpty();
    }
  }
}
