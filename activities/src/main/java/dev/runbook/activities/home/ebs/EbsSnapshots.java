package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.Poll;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.activities.home.ebs.EbsVolumes.HomeVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * EBS snapshots of the home volumes: the requests (all that belongs inside a freeze), the wait for
 * {@code completed}, the copy to another region, and deletes that find snapshots by exact tags only.
 */
public final class EbsSnapshots {
  /** One snapshot: of {@code volumeId} (behind {@code mount}), in {@code region}. */
  public record Taken(String mount, String volumeId, String snapshotId, String region) {}

  private final Function<String, Ec2Client> clients;
  private final EbsConfig config;
  private final Poll poll;

  /** {@code clients} gives the EC2 client of a region (the configured one, and {@code copyToRegion}). */
  public EbsSnapshots(Function<String, Ec2Client> clients, EbsConfig config, Poll poll) {
    this.clients = clients;
    this.config = config;
    this.poll = poll;
  }

  /**
   * Requests the snapshots and returns at once: one CreateSnapshots call for several volumes (one
   * point in time across them), CreateSnapshot for one, tagged in the same request. May return more
   * than the home volumes when EC2 ignored an exclusion: {@link #keepHome} deletes those after the thaw.
   */
  public List<Taken> request(EbsVolumes.Plan plan, RunLabels labels) {
    Ec2Client ec2 = clients.apply(config.region());
    Map<String, String> mountOf = plan.volumes().stream().collect(Collectors.toMap(HomeVolume::volumeId, HomeVolume::mount));
    if (plan.volumes().size() == 1) {
      HomeVolume v = plan.volumes().get(0);
      String id = AwsFailures.call("CreateSnapshot of " + v.volumeId(), () -> ec2.createSnapshot(r -> r
          .volumeId(v.volumeId()).description(description(labels))
          .tagSpecifications(EbsTags.spec(ResourceType.SNAPSHOT, labels.instance(), labels.restorePointId(), labels.runId())))
          .snapshotId());
      return List.of(new Taken(v.mount(), v.volumeId(), id, config.region()));
    }
    CreateSnapshotsResponse r = AwsFailures.call("CreateSnapshots of " + config.instanceId(), () -> ec2.createSnapshots(b -> b
        .instanceSpecification(i -> i.instanceId(config.instanceId()).excludeBootVolume(plan.excludeBoot())
            .excludeDataVolumeIds(plan.otherDataVolumes()))
        .description(description(labels))
        .tagSpecifications(EbsTags.spec(ResourceType.SNAPSHOT, labels.instance(), labels.restorePointId(), labels.runId()))));
    return r.snapshots().stream()
        .map(s -> new Taken(mountOf.get(s.volumeId()), s.volumeId(), s.snapshotId(), config.region())).toList();
  }

  /** Deletes the snapshots of volumes that are not home volumes, and returns the home ones. */
  public List<Taken> keepHome(List<Taken> requested) {
    List<Taken> home = new ArrayList<>();
    for (Taken t : requested) {
      if (t.mount() == null) {
        delete(t.region(), t.snapshotId());
      } else {
        home.add(t);
      }
    }
    return home;
  }

  /** Waits until every snapshot in {@code taken} is {@code completed}; {@code progress} gets a line per poll. */
  public void awaitCompleted(List<Taken> taken, Consumer<String> progress) {
    Map<String, List<String>> byRegion = taken.stream().collect(Collectors.groupingBy(Taken::region,
        Collectors.mapping(Taken::snapshotId, Collectors.toList())));
    byRegion.forEach((region, ids) -> poll.until("snapshots " + String.join(", ", ids), () -> {
      List<Snapshot> snaps = AwsFailures.call("DescribeSnapshots " + String.join(", ", ids),
          () -> clients.apply(region).describeSnapshots(r -> r.snapshotIds(ids)).snapshots());
      for (Snapshot s : snaps) {
        if (s.state() == SnapshotState.ERROR) {
          throw AwsFailures.refused("snapshot " + s.snapshotId() + " of " + s.volumeId() + " failed in " + region
              + ": " + s.stateMessage());
        }
      }
      boolean done = snaps.size() == ids.size() && snaps.stream().allMatch(s -> s.state() == SnapshotState.COMPLETED);
      return done ? Poll.Step.done(true) : Poll.Step.<Boolean>pending(snaps.stream()
          .map(s -> s.snapshotId() + " " + (s.progress() == null ? s.stateAsString() : s.progress())).collect(Collectors.joining(", ")));
    }, progress));
  }

  /**
   * Copies each snapshot to {@code copyToRegion}, tagged like the original plus {@link EbsTags#COPY_OF},
   * and waits for the copies. A retry reuses a copy made before. Empty when no copy is configured.
   */
  public List<Taken> copy(List<Taken> taken, RunLabels labels, Consumer<String> progress) {
    if (config.copyToRegion() == null) {
      return List.of();
    }
    Ec2Client target = clients.apply(config.copyToRegion());
    List<Taken> copies = new ArrayList<>();
    for (Taken t : taken) {
      List<Snapshot> earlier = find(config.copyToRegion(), List.of(EbsTags.filter(EbsTags.COPY_OF, t.snapshotId()),
          EbsTags.filter(EbsTags.INSTANCE, labels.instance())));
      String id = earlier.isEmpty()
          ? AwsFailures.call("CopySnapshot " + t.snapshotId() + " to " + config.copyToRegion(), () -> target.copySnapshot(r -> r
              .sourceRegion(t.region()).sourceSnapshotId(t.snapshotId()).description(description(labels))
              // Named, so the SDK's pre-signed URL does not need a regional endpoint to read the region from.
              .destinationRegion(config.copyToRegion())
              .tagSpecifications(EbsTags.spec(ResourceType.SNAPSHOT, labels.instance(), labels.restorePointId(),
                  labels.runId(), EbsTags.tag(EbsTags.COPY_OF, t.snapshotId())))).snapshotId())
          : earlier.get(0).snapshotId();
      copies.add(new Taken(t.mount(), t.volumeId(), id, config.copyToRegion()));
    }
    awaitCompleted(copies, progress);
    return copies;
  }

  /**
   * Retention: deletes, in the region and the copy region, the snapshots tagged with exactly
   * {@code instance} and {@code restorePointId}. Returns the deleted ids; what is gone already is fine.
   */
  public List<String> deleteRestorePoint(String instance, String restorePointId) {
    return deleteTagged(EbsTags.INSTANCE, instance, EbsTags.RESTORE_POINT, restorePointId);
  }

  /** After a failed backup: deletes exactly the snapshots the run {@code runId} made for {@code instance}. */
  public List<String> deleteRun(String instance, String runId) {
    return deleteTagged(EbsTags.INSTANCE, instance, EbsTags.RUN, runId);
  }

  /** The completed snapshots of {@code restorePointId} of {@code instance} in the configured region. */
  public List<Snapshot> ofRestorePoint(String instance, String restorePointId) {
    return find(config.region(), List.of(EbsTags.filter(EbsTags.INSTANCE, instance),
        EbsTags.filter(EbsTags.RESTORE_POINT, restorePointId)));
  }

  private List<String> deleteTagged(String key1, String value1, String key2, String value2) {
    List<String> deleted = new ArrayList<>();
    for (String region : regions()) {
      for (Snapshot s : find(region, List.of(EbsTags.filter(key1, value1), EbsTags.filter(key2, value2)))) {
        // The filter is the API's; the check is ours, so a lax filter can never widen a delete.
        if (EbsTags.has(s.tags(), key1, value1) && EbsTags.has(s.tags(), key2, value2)) {
          delete(region, s.snapshotId());
          deleted.add(s.snapshotId());
        }
      }
    }
    return deleted;
  }

  private List<Snapshot> find(String region, List<Filter> filters) {
    return AwsFailures.call("DescribeSnapshots in " + region, () -> clients.apply(region)
        .describeSnapshotsPaginator(r -> r.ownerIds("self").filters(filters)).snapshots().stream().toList());
  }

  private void delete(String region, String snapshotId) {
    AwsFailures.ifExists("DeleteSnapshot " + snapshotId + " in " + region,
        () -> clients.apply(region).deleteSnapshot(r -> r.snapshotId(snapshotId)));
  }

  private List<String> regions() {
    return config.copyToRegion() == null ? List.of(config.region()) : List.of(config.region(), config.copyToRegion());
  }

  private static String description(RunLabels labels) {
    return "runbook " + labels.restorePointId() + " of " + labels.instance();
  }
}
