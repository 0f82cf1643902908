package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsFailures;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * Finds the EBS volume behind each home mount and checks it, before anything is frozen or changed:
 * configured volume ids, or each mount's block device matched to the volumes attached to the
 * instance (through {@link VolumeDevices}). Every volume must be attached to the configured instance.
 */
public final class EbsVolumes {
  /**
   * One home mount's volume.
   *
   * @param attachDevice the device name EC2 attached it under, for example {@code /dev/sdf}
   */
  public record HomeVolume(String mount, String volumeId, String attachDevice, String availabilityZone,
                           String type, Integer iops, Integer throughput) {}

  /**
   * What the snapshot requests need, worked out before the freeze.
   *
   * @param volumes the home volumes, in mount order
   * @param excludeBoot true unless a home volume is the instance's root volume
   * @param otherDataVolumes the instance's other attached volumes, which a CreateSnapshots call must leave out
   */
  public record Plan(List<HomeVolume> volumes, boolean excludeBoot, List<String> otherDataVolumes) {}

  private final Ec2Client ec2;
  private final EbsConfig config;
  private final VolumeDevices devices;
  private final DeviceProbe probe;

  public EbsVolumes(Ec2Client ec2, EbsConfig config, VolumeDevices devices, DeviceProbe probe) {
    this.ec2 = ec2;
    this.config = config;
    this.devices = devices;
    this.probe = probe;
  }

  /** The volumes behind {@code mounts}, in mount order; {@code AwsRefused} or a precondition failure otherwise. */
  public List<HomeVolume> resolve(List<String> mounts) {
    if (!config.volumeIds().isEmpty() && config.volumeIds().size() != mounts.size()) {
      throw precondition("volumeIds lists " + config.volumeIds().size() + " volumes for " + mounts.size() + " mounts");
    }
    List<Volume> attached = attached();
    List<HomeVolume> result = new ArrayList<>();
    for (String mount : mounts) {
      result.add(resolve(attached, mounts, mount));
    }
    return result;
  }

  /** The volume behind {@code mount}, one of the instance's {@code mounts} (their order matches volumeIds). */
  public HomeVolume resolve(List<String> mounts, String mount) {
    return resolve(attached(), mounts, mount);
  }

  private HomeVolume resolve(List<Volume> attached, List<String> mounts, String mount) {
    if (!config.volumeIds().isEmpty()) {
      String id = config.volumeIds().get(mounts.indexOf(mount));
      Volume v = attached.stream().filter(a -> a.volumeId().equals(id)).findFirst().orElseThrow(() ->
          precondition("volume " + id + " is not attached to " + config.instanceId() + " in " + config.region()));
      return home(mount, v);
    }
    String device = probe.deviceOf(mount).orElseThrow(() ->
        precondition(mount + " is not a mount point of a block device (findmnt found none)"));
    Volume v = attached.stream()
        .filter(a -> probe.firstBlockDevice(devices.candidates(a.volumeId(), attachment(a).device()))
            .map(device::equals).orElse(false))
        .findFirst().orElseThrow(() -> precondition(mount + " is on " + device + ", which is none of the volumes "
            + "attached to " + config.instanceId() + " (" + String.join(", ", attached.stream().map(Volume::volumeId).toList())
            + "); set volumeIds when the device cannot be matched"));
    return home(mount, v);
  }

  /** The volumes behind {@code mounts} and what a CreateSnapshots call of the instance must exclude. */
  public Plan plan(List<String> mounts) {
    List<HomeVolume> volumes = resolve(mounts);
    String root = AwsFailures.call("DescribeInstances " + config.instanceId(), () -> ec2.describeInstances(
        r -> r.instanceIds(config.instanceId())).reservations().stream().flatMap(r -> r.instances().stream())
        .findFirst().orElseThrow(() -> precondition("instance " + config.instanceId() + " does not exist in "
            + config.region())).rootDeviceName());
    List<String> home = volumes.stream().map(HomeVolume::volumeId).toList();
    List<String> others = new ArrayList<>();
    for (Volume v : attached()) {
      if (!home.contains(v.volumeId()) && !attachment(v).device().equals(root)) {
        others.add(v.volumeId());
      }
    }
    boolean bootIsHome = volumes.stream().anyMatch(v -> v.attachDevice().equals(root));
    return new Plan(volumes, !bootIsHome, others);
  }

  /** Evidence lines for a check. */
  public static List<String> evidence(List<HomeVolume> volumes) {
    return volumes.stream().map(v -> v.mount() + ": EBS volume " + v.volumeId() + " (" + v.type() + ", "
        + v.availabilityZone() + ") attached as " + v.attachDevice()).toList();
  }

  /** The volumes attached to the instance now. */
  List<Volume> attached() {
    return AwsFailures.call("DescribeVolumes of " + config.instanceId(), () -> ec2.describeVolumesPaginator(r -> r.filters(
        Filter.builder().name("attachment.instance-id").values(config.instanceId()).build())).volumes().stream()
        .filter(v -> v.state() == VolumeState.IN_USE).toList());
  }

  /** The volume {@code id} now, if it exists. */
  private HomeVolume home(String mount, Volume v) {
    VolumeAttachment a = attachment(v);
    return new HomeVolume(mount, v.volumeId(), a.device(), v.availabilityZone(), v.volumeTypeAsString(), v.iops(),
        v.throughput());
  }

  private VolumeAttachment attachment(Volume v) {
    return v.attachments().stream().filter(a -> config.instanceId().equals(a.instanceId())).findFirst()
        .orElseThrow(() -> precondition("volume " + v.volumeId() + " is not attached to " + config.instanceId()));
  }

  static io.temporal.failure.ApplicationFailure precondition(String message) {
    return io.temporal.failure.ApplicationFailure.newNonRetryableFailure(message,
        dev.runbook.workflows.FailureTypes.PRECONDITION_FAILED);
  }
}
