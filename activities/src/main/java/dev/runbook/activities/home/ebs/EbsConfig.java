package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsChecks;
import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SnapshotConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code ebs} home provider's settings ({@code provider: ebs}): EBS snapshots of the volumes
 * behind the home mounts. Credentials come from the AWS SDK's default chain on the host that runs
 * the home steps (instance role, environment, profile); there is no key setting.
 *
 * @param region the region of the instance and its volumes, for example {@code eu-west-1} (required)
 * @param instanceId the EC2 instance the home volumes are attached to, {@code i-...} (required)
 * @param volumeIds the volumes behind the mounts, in mount order; when absent each mount's device is
 *     matched to the instance's attached volumes
 * @param endpoint an EC2 endpoint URL instead of the region's (private endpoints, tests); absent normally
 * @param copyToRegion another region each snapshot is copied to after it completed; absent: no copy
 * @param freeze freeze the mounts around the snapshot requests; true when absent
 * @param maxFreeze the longest the mounts may stay frozen; 30 s when absent
 * @param snapshotWait the longest to wait for a snapshot (or copy) to complete; 6 h when absent
 * @param restoreVolume how restored volumes are made; absent: like the volume they replace
 */
public record EbsConfig(String region, String instanceId, List<String> volumeIds, String endpoint, String copyToRegion,
                        Boolean freeze, Duration maxFreeze, Duration snapshotWait, RestoreVolume restoreVolume)
    implements SnapshotConfig {
  private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8}([0-9a-f]{9})?");
  /** The longest {@code maxFreeze} allowed. */
  static final Duration MAX_FREEZE_LIMIT = Duration.ofMinutes(10);

  public EbsConfig {
    volumeIds = volumeIds == null ? List.of() : List.copyOf(volumeIds);
    freeze = freeze == null || freeze;
    maxFreeze = maxFreeze == null ? Duration.ofSeconds(30) : maxFreeze;
    snapshotWait = snapshotWait == null ? Duration.ofHours(6) : snapshotWait;
    restoreVolume = restoreVolume == null ? new RestoreVolume(null, null, null, null, null) : restoreVolume;
  }

  @Override
  public void check(ProviderChecks c) {
    AwsChecks.region(c, "region", region, true);
    if (c.require("instanceId", instanceId)) {
      c.matches("instanceId", instanceId, INSTANCE_ID, "an EC2 instance id such as i-0123456789abcdef0");
    }
    for (int i = 0; i < volumeIds.size(); i++) {
      c.matches("volumeIds[" + i + "]", volumeIds.get(i), VOLUME_ID, "an EBS volume id such as vol-0123456789abcdef0");
    }
    int mounts = c.instance().home() == null ? 0 : c.instance().home().mounts().size();
    if (!volumeIds.isEmpty() && volumeIds.size() != mounts) {
      c.add("volumeIds", "lists " + volumeIds.size() + " volumes for " + mounts + " mounts: give one per mount, "
          + "in mount order, or leave volumeIds out to find them from the mounts' devices");
    }
    AwsChecks.endpoint(c, "endpoint", endpoint);
    AwsChecks.region(c, "copyToRegion", copyToRegion, false);
    if (copyToRegion != null && copyToRegion.equals(region)) {
      c.add("copyToRegion", "is the volumes' own region; name another region, or leave it out");
    }
    c.positive("maxFreeze", maxFreeze);
    if (maxFreeze.compareTo(MAX_FREEZE_LIMIT) > 0) {
      c.add("maxFreeze", "at most 10m: Bitbucket's writes block while the home is frozen");
    }
    c.positive("snapshotWait", snapshotWait);
    if (restoreVolume.type() != null && !VOLUME_TYPES.contains(restoreVolume.type())) {
      c.add("restoreVolume.type", "must be one of " + String.join(", ", VOLUME_TYPES));
    }
    if (restoreVolume.iops() != null && restoreVolume.iops() < 100) {
      c.add("restoreVolume.iops", "must be at least 100");
    }
    if (restoreVolume.throughput() != null && restoreVolume.throughput() < 125) {
      c.add("restoreVolume.throughput", "must be at least 125 (MiB/s)");
    }
  }

  /**
   * The volume a restore creates from a snapshot. Each absent value is taken from the volume being
   * replaced (type, IOPS, throughput) or from the snapshot (encryption, key).
   *
   * @param type {@code gp3}, {@code gp2}, {@code io1}, {@code io2}, {@code st1}, {@code sc1} or {@code standard}
   * @param iops provisioned IOPS (gp3, io1, io2)
   * @param throughput MiB/s (gp3)
   * @param encrypted encrypt the new volume
   * @param kmsKeyId the KMS key for an encrypted volume; the account's default EBS key when absent
   */
  public record RestoreVolume(String type, Integer iops, Integer throughput, Boolean encrypted, String kmsKeyId) {}

  /** The volume types {@link RestoreVolume#type} accepts. */
  public static final List<String> VOLUME_TYPES = List.of("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard");
}
