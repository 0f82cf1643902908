package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.Poll;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.activities.home.ebs.EbsVolumes.HomeVolume;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumeRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * Restores a home volume from a snapshot without losing the current one: a new volume in the
 * instance's availability zone, then (services stopped, mount unmounted by the caller) the current
 * volume detached and kept, tagged {@link EbsTags#KEPT_BY_RUN}, and the new one attached under the
 * same device name. Each step is idempotent, so a retried activity continues where it stopped;
 * {@link #undo} puts the kept volume back.
 */
public final class EbsRestore {
  /** The attach device name a kept volume had, so that undo attaches it there again. */
  static final String KEPT_DEVICE = "runbook:kept-device";
  /** The home mount a kept volume was behind. */
  static final String KEPT_MOUNT = "runbook:kept-mount";

  /** A volume put in place: the new volume, the one kept aside, and the block device it appeared as. */
  public record Placed(String mount, String volumeId, String keptVolumeId, String device) {}

  private final Ec2Client ec2;
  private final EbsConfig config;
  private final VolumeDevices devices;
  private final DeviceProbe probe;
  private final Poll poll;

  public EbsRestore(Ec2Client ec2, EbsConfig config, VolumeDevices devices, DeviceProbe probe, Poll poll) {
    this.ec2 = ec2;
    this.config = config;
    this.devices = devices;
    this.probe = probe;
    this.poll = poll;
  }

  /** Creates (or finds, on a retry) the volume from {@code snapshotId} that replaces {@code current}, and waits until it is available. */
  public String createVolume(HomeVolume current, String snapshotId, RunLabels labels, Consumer<String> progress) {
    Optional<Volume> earlier = AwsFailures.call("DescribeVolumes", () -> ec2.describeVolumesPaginator(r -> r.filters(
        EbsTags.filter(EbsTags.RUN, labels.runId()), EbsTags.filter(EbsTags.FROM_SNAPSHOT, snapshotId))).volumes().stream()
        .filter(v -> EbsTags.has(v.tags(), EbsTags.RUN, labels.runId())).findFirst());
    String id = earlier.map(Volume::volumeId).orElseGet(() -> AwsFailures.call("CreateVolume from " + snapshotId,
        () -> ec2.createVolume(volumeRequest(current, snapshotId, labels)).volumeId()));
    awaitVolume(id, VolumeState.AVAILABLE, progress);
    return id;
  }

  private CreateVolumeRequest volumeRequest(HomeVolume current, String snapshotId, RunLabels labels) {
    EbsConfig.RestoreVolume want = config.restoreVolume();
    String type = want.type() != null ? want.type() : current.type();
    boolean sameType = type.equals(current.type());
    Integer iops = want.iops() != null ? want.iops() : sameType ? current.iops() : null;
    Integer throughput = want.throughput() != null ? want.throughput() : sameType ? current.throughput() : null;
    CreateVolumeRequest.Builder b = CreateVolumeRequest.builder().snapshotId(snapshotId)
        .availabilityZone(current.availabilityZone()).volumeType(type)
        .tagSpecifications(EbsTags.spec(ResourceType.VOLUME, labels.instance(), labels.restorePointId(), labels.runId(),
            EbsTags.tag(EbsTags.FROM_SNAPSHOT, snapshotId)));
    if (iops != null && List.of("gp3", "io1", "io2").contains(type)) {
      b.iops(iops);
    }
    if (throughput != null && type.equals("gp3")) {
      b.throughput(throughput);
    }
    if (want.encrypted() != null) {
      b.encrypted(want.encrypted());
    }
    if (want.kmsKeyId() != null) {
      b.kmsKeyId(want.kmsKeyId());
    }
    return b.build();
  }

  /**
   * Detaches {@code current} (tagged as kept by {@code runId}) and attaches {@code volumeId} under its
   * device name; returns where the new volume appeared. The mount must be unmounted already.
   */
  public Placed swap(HomeVolume current, String volumeId, String runId, Consumer<String> progress) {
    Volume cur = describe(current.volumeId());
    if (attachedHere(cur)) {
      keep(current, runId);
      AwsFailures.call("DetachVolume " + current.volumeId(), () -> ec2.detachVolume(r -> r.volumeId(current.volumeId())
          .instanceId(config.instanceId())));
    }
    awaitVolume(current.volumeId(), VolumeState.AVAILABLE, progress);
    String device = attach(volumeId, current.attachDevice(), progress);
    return new Placed(current.mount(), volumeId, current.volumeId(), device);
  }

  /**
   * Marks {@code current} as kept by {@code runId} (its device name and mount in tags) before anything
   * changes, so that undo finds it whatever step a run stopped at.
   */
  public void keep(HomeVolume current, String runId) {
    AwsFailures.call("CreateTags on " + current.volumeId(), () -> ec2.createTags(r -> r.resources(current.volumeId())
        .tags(EbsTags.tag(EbsTags.KEPT_BY_RUN, runId), EbsTags.tag(KEPT_DEVICE, current.attachDevice()),
            EbsTags.tag(KEPT_MOUNT, current.mount()))));
  }

  /** The volume {@code runId} kept aside for {@code mount}, when a swap began already (a retried restore). */
  public Optional<HomeVolume> kept(String runId, String mount) {
    return keptBy(runId).stream().filter(v -> EbsTags.has(v.tags(), KEPT_MOUNT, mount)).findFirst()
        .map(v -> new HomeVolume(mount, v.volumeId(), tag(v, KEPT_DEVICE), v.availabilityZone(), v.volumeTypeAsString(),
            v.iops(), v.throughput()));
  }

  private List<Volume> keptBy(String runId) {
    return AwsFailures.call("DescribeVolumes kept by " + runId, () -> ec2.describeVolumesPaginator(r -> r
        .filters(EbsTags.filter(EbsTags.KEPT_BY_RUN, runId))).volumes().stream()
        .filter(v -> EbsTags.has(v.tags(), EbsTags.KEPT_BY_RUN, runId)).toList());
  }

  private static String tag(Volume v, String key) {
    return v.tags().stream().filter(t -> t.key().equals(key)).findFirst()
        .orElseThrow(() -> AwsFailures.refused("kept volume " + v.volumeId() + " has no " + key + " tag")).value();
  }

  /**
   * Puts back every volume {@code runId} kept: detaches what is attached under its device name (a
   * volume this run made, which is then deleted) and attaches the kept volume again. Returns where
   * they appeared (mount, volume, device); empty when the run kept nothing.
   */
  public List<Placed> undo(String runId, Consumer<String> progress) {
    List<Placed> appeared = new java.util.ArrayList<>();
    for (Volume k : keptBy(runId)) {
      String device = tag(k, KEPT_DEVICE);
      if (!attachedHere(k)) {
        for (Volume placed : attachedAt(device)) {
          if (!EbsTags.has(placed.tags(), EbsTags.RUN, runId)) {
            throw AwsFailures.refused(placed.volumeId() + " is attached as " + device + " but was not made by run " + runId
                + "; not detaching it. Kept volume: " + k.volumeId());
          }
          AwsFailures.call("DetachVolume " + placed.volumeId(), () -> ec2.detachVolume(r -> r.volumeId(placed.volumeId())
              .instanceId(config.instanceId())));
          awaitVolume(placed.volumeId(), VolumeState.AVAILABLE, progress);
          AwsFailures.call("DeleteVolume " + placed.volumeId(), () -> ec2.deleteVolume(r -> r.volumeId(placed.volumeId())));
        }
      }
      String mount = tag(k, KEPT_MOUNT);
      appeared.add(new Placed(mount, k.volumeId(), null, attach(k.volumeId(), device, progress)));
      AwsFailures.call("DeleteTags on " + k.volumeId(), () -> ec2.deleteTags(r -> r.resources(k.volumeId())
          .tags(EbsTags.tag(EbsTags.KEPT_BY_RUN, runId), EbsTags.tag(KEPT_DEVICE, device), EbsTags.tag(KEPT_MOUNT, mount))));
    }
    return appeared;
  }

  private String attach(String volumeId, String device, Consumer<String> progress) {
    if (!attachedHere(describe(volumeId))) {
      AwsFailures.call("AttachVolume " + volumeId + " as " + device, () -> ec2.attachVolume(r -> r.volumeId(volumeId)
          .instanceId(config.instanceId()).device(device)));
    }
    poll.until("attachment of " + volumeId, () -> attachedHere(describe(volumeId))
        ? Poll.Step.done(true) : Poll.Step.<Boolean>pending(volumeId + " attaching"), progress);
    return poll.until("block device of " + volumeId, () -> probe.firstBlockDevice(devices.candidates(volumeId, device))
        .map(Poll.Step::done).orElseGet(() -> Poll.Step.pending("waiting for " + volumeId + " to appear on the host")), progress);
  }

  private List<Volume> attachedAt(String device) {
    return AwsFailures.call("DescribeVolumes at " + device, () -> ec2.describeVolumesPaginator(r -> r.filters(
        f -> f.name("attachment.instance-id").values(config.instanceId()))).volumes().stream()
        .filter(v -> v.attachments().stream().anyMatch(a -> device.equals(a.device())
            && config.instanceId().equals(a.instanceId()))).toList());
  }

  private boolean attachedHere(Volume v) {
    return v.attachments().stream().anyMatch(a -> config.instanceId().equals(a.instanceId())
        && a.state() == VolumeAttachmentState.ATTACHED);
  }

  private Volume describe(String id) {
    return AwsFailures.call("DescribeVolumes " + id, () -> ec2.describeVolumes(r -> r.volumeIds(id)).volumes().get(0));
  }

  private void awaitVolume(String id, VolumeState state, Consumer<String> progress) {
    poll.until("volume " + id + " " + state, () -> {
      Volume v = describe(id);
      return v.state() == state ? Poll.Step.done(true) : Poll.Step.<Boolean>pending(id + " " + v.stateAsString());
    }, progress);
  }
}
