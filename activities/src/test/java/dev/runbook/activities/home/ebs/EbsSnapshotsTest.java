package dev.runbook.activities.home.ebs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.activities.aws.AwsClients;
import dev.runbook.activities.aws.MotoAccount;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.activities.home.ebs.EbsSnapshots.Taken;
import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EBS snapshots with the real SDK against moto's server: tags in the request, waits, copies, retention, clean-up. */
class EbsSnapshotsTest {
  @RegisterExtension
  static final MotoAccount aws = new MotoAccount();
  Ec2Client east;
  Ec2Client west;
  Instance instance;
  String home1;
  String home2;
  String other;

  @BeforeEach
  void instanceWithThreeDataVolumes() {
    aws.moto.reset();
    east = aws.ec2("us-east-1");
    west = aws.ec2("us-west-2");
    instance = aws.runInstance(east);
    home1 = aws.attachNewVolume(east, instance, "/dev/sdf");
    home2 = aws.attachNewVolume(east, instance, "/dev/sdg");
    other = aws.attachNewVolume(east, instance, "/dev/sdh");
  }

  EbsConfig config(String copyTo, String... volumeIds) {
    return new EbsConfig("us-east-1", instance.instanceId(), List.of(volumeIds), aws.endpoint(), copyTo, null, null, null, null);
  }

  EbsSnapshots snapshots(EbsConfig config) {
    return new EbsSnapshots(region -> region.equals("us-east-1") ? east : west, config, MotoAccount.POLL);
  }

  EbsVolumes.Plan plan(EbsConfig config) {
    return new EbsVolumes(east, config, VolumeDevices.EC2, new DeviceProbe(c -> Optional.empty()))
        .plan(List.of("/srv/a", "/srv/b").subList(0, config.volumeIds().size()));
  }

  static Map<String, String> tags(Snapshot s) {
    return s.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void twoVolumesAreSnapshottedInOneTaggedRequestWaitedAndCopied() {
    EbsConfig config = config("us-west-2", home1, home2);
    EbsVolumes.Plan plan = plan(config);
    assertThat(plan.otherDataVolumes()).containsExactly(other);
    assertThat(plan.excludeBoot()).isTrue();
    EbsSnapshots snaps = snapshots(config);
    RunLabels labels = new RunLabels("prod", "prod-20261130T030000Z", "run-1");

    List<Taken> requested = snaps.request(plan, labels);
    // The snapshots exist with their tags as soon as the request returns: nothing runs untagged.
    for (Taken t : requested) {
      Snapshot s = east.describeSnapshots(r -> r.snapshotIds(t.snapshotId())).snapshots().get(0);
      assertThat(tags(s)).containsEntry("runbook:instance", "prod")
          .containsEntry("runbook:restore-point", "prod-20261130T030000Z").containsEntry("runbook:run", "run-1");
    }
    List<Taken> home = snaps.keepHome(requested);
    assertThat(home).extracting(Taken::volumeId, Taken::mount)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(home1, "/srv/a"), org.assertj.core.groups.Tuple.tuple(home2, "/srv/b"));
    // Only the home volumes' snapshots are left, whether or not EC2 honoured ExcludeDataVolumeIds.
    assertThat(ours(east)).extracting(Snapshot::volumeId).containsExactlyInAnyOrder(home1, home2);

    List<String> progress = new ArrayList<>();
    snaps.awaitCompleted(home, progress::add);
    List<Taken> copies = snaps.copy(home, labels, progress::add);
    assertThat(copies).hasSize(2).allMatch(c -> c.region().equals("us-west-2"));
    for (Taken c : copies) {
      Snapshot s = west.describeSnapshots(r -> r.snapshotIds(c.snapshotId())).snapshots().get(0);
      assertThat(s.state()).isEqualTo(SnapshotState.COMPLETED);
      assertThat(tags(s)).containsEntry("runbook:instance", "prod").containsEntry("runbook:restore-point", "prod-20261130T030000Z")
          .containsKey("runbook:copy-of");
    }
    // A retried copy step reuses the copies it made.
    assertThat(snaps.copy(home, labels, progress::add)).isEqualTo(copies);
  }

  @Test
  void oneVolumeIsOneCreateSnapshot() {
    EbsConfig config = config(null, home1);
    EbsSnapshots snaps = snapshots(config);
    List<Taken> taken = snaps.keepHome(snaps.request(plan(config), new RunLabels("prod", "prod-20261130T030000Z", "run-1")));
    assertThat(taken).extracting(Taken::volumeId).containsExactly(home1);
    assertThat(ours(east)).hasSize(1);
  }

  @Test
  void retentionDeletesOnlyTheExactInstancesRestorePointInBothRegions() {
    EbsConfig config = config("us-west-2", home1, home2);
    EbsSnapshots snaps = snapshots(config);
    List<Taken> prodOld = backup(snaps, config, new RunLabels("prod", "prod-20261129T030000Z", "run-1"));
    List<Taken> prodNew = backup(snaps, config, new RunLabels("prod", "prod-20261130T030000Z", "run-2"));
    // prod-2's restore point ids start with "prod-" too: a prefix match would take them.
    List<Taken> prod2 = backup(snaps, config, new RunLabels("prod-2", "prod-2-20261129T030000Z", "run-3"));

    List<String> deleted = snaps.deleteRestorePoint("prod", "prod-20261129T030000Z");

    assertThat(deleted).containsExactlyInAnyOrderElementsOf(prodOld.stream().map(Taken::snapshotId).toList());
    assertThat(remaining()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(prodNew.stream(), prod2.stream()).map(Taken::snapshotId).toList());
    assertThat(snaps.deleteRestorePoint("prod", "prod-20261129T030000Z")).as("deleting again finds nothing").isEmpty();
  }

  @Test
  void aFailedRunDeletesExactlyWhatItCreated() {
    EbsConfig config = config("us-west-2", home1, home2);
    EbsSnapshots snaps = snapshots(config);
    List<Taken> earlier = backup(snaps, config, new RunLabels("prod", "prod-20261129T030000Z", "run-1"));
    RunLabels failing = new RunLabels("prod", "prod-20261130T030000Z", "run-2");
    // The run requested its snapshots and copied one before failing: its ids were never recorded.
    List<Taken> requested = snaps.request(plan(config), failing);
    snaps.copy(requested.subList(0, 1), failing, p -> { });

    List<String> deleted = snaps.deleteRun("prod", "run-2");

    assertThat(deleted).hasSize(requested.size() + 1);
    assertThat(remaining()).containsExactlyInAnyOrderElementsOf(earlier.stream().map(Taken::snapshotId).toList());
  }

  @Test
  void refusalsAreNotRetryableAndAnUnreachableEndpointIs() {
    EbsConfig missing = new EbsConfig("us-east-1", "i-0123456789abcdef0", List.of(home1), aws.endpoint(), null,
        null, null, null, null);
    assertThatThrownBy(() -> plan(missing))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue())
        .hasMessageContaining(home1).hasMessageContaining("i-0123456789abcdef0");
    EbsConfig snapOfNothing = config(null, "vol-00000000000000000");
    assertThatThrownBy(() -> plan(snapOfNothing)).isInstanceOfSatisfying(ApplicationFailure.class,
        f -> assertThat(f.isNonRetryable()).isTrue());
    try (Ec2Client nowhere = AwsClients.ec2("us-east-1", "http://127.0.0.1:1")) {
      EbsConfig c = config(null, home1);
      assertThatThrownBy(() -> new EbsVolumes(nowhere, c, VolumeDevices.EC2, new DeviceProbe(x -> Optional.empty()))
          .plan(List.of("/srv/a")))
          .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.getType()).isEqualTo(FailureTypes.AWS_UNAVAILABLE);
            assertThat(f.isNonRetryable()).isFalse();
          });
    }
    // AWS's own refusal (a snapshot of a volume that does not exist) keeps its error code.
    assertThatThrownBy(() -> dev.runbook.activities.aws.AwsFailures.call("CreateSnapshot",
        () -> east.createSnapshot(r -> r.volumeId("vol-00000000000000000"))))
        .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
          assertThat(f.getType()).isEqualTo(FailureTypes.AWS_REFUSED);
          assertThat(f.isNonRetryable()).isTrue();
        }).hasMessageContaining("InvalidVolume.NotFound");
  }

  List<Taken> backup(EbsSnapshots snaps, EbsConfig config, RunLabels labels) {
    List<Taken> home = snaps.keepHome(snaps.request(plan(config), labels));
    snaps.awaitCompleted(home, p -> { });
    List<Taken> all = new ArrayList<>(home);
    all.addAll(snaps.copy(home, labels, p -> { }));
    return all;
  }

  List<String> remaining() {
    List<String> ids = new ArrayList<>();
    for (Ec2Client c : List.of(east, west)) {
      ours(c).forEach(s -> ids.add(s.snapshotId()));
    }
    return ids;
  }

  /** The snapshots of the test's data volumes. */
  List<Snapshot> ours(Ec2Client c) {
    return c.describeSnapshots(r -> r.ownerIds("self")).snapshots().stream()
        .filter(s -> List.of(home1, home2, other).contains(s.volumeId())).toList();
  }
}
