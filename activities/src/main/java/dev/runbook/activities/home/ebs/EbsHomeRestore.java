package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsFailures;
import dev.runbook.activities.aws.Poll;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.ebs.EbsVolumes.HomeVolume;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * An EBS home restore on the home's host, with Bitbucket's services stopped by the workflow: per
 * mount, a volume from the snapshot, the current volume marked as kept, unmount, swap, mount the new
 * device. Every step checks what is there first, so a retried attempt continues where one stopped.
 */
final class EbsHomeRestore {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private record Target(String mount, String snapshotId) {}

  private final HomeJob job;
  private final EbsVolumes volumes;
  private final EbsRestore restore;
  private final Ec2Client ec2;
  private final Consumer<String> progress;

  EbsHomeRestore(HomeJob job, EbsConfig config, Ec2Client ec2, EbsVolumes volumes, Poll poll) {
    this.job = job;
    this.ec2 = ec2;
    this.volumes = volumes;
    this.restore = new EbsRestore(ec2, config, EbsProvider.devices(), EbsProvider.probe(job), poll);
    this.progress = line -> job.host().heartbeat();
  }

  /** The tag value naming this restore run: the instance and the run's keep stamp. */
  private String run() {
    if (job.keepStamp() == null || !job.keepStamp().matches("\\d{14}")) {
      throw ApplicationFailure.newNonRetryableFailure("a home restore needs the run's keep stamp (yyyyMMddHHmmss), got "
          + job.keepStamp(), FailureTypes.INVALID_INPUT);
    }
    return job.instance().name() + "@" + job.keepStamp();
  }

  HomeRestorePlan plan(List<Artifact> artifacts) {
    List<Target> targets = targets(artifacts);
    List<String> lines = new ArrayList<>();
    for (Target t : targets) {
      Snapshot s = AwsFailures.call("DescribeSnapshots " + t.snapshotId(), () -> ec2.describeSnapshots(r -> r
          .snapshotIds(t.snapshotId())).snapshots().get(0));
      if (s.state() != SnapshotState.COMPLETED || !EbsTags.has(s.tags(), EbsTags.INSTANCE, job.instance().name())
          || !EbsTags.has(s.tags(), EbsTags.RESTORE_POINT, job.restorePointId())) {
        throw HomeJob.precondition("snapshot " + t.snapshotId() + " is " + s.stateAsString() + " and must be a completed "
            + "snapshot tagged with instance " + job.instance().name() + " and restore point " + job.restorePointId());
      }
      if (restore.kept(run(), t.mount()).isPresent()) {
        throw HomeJob.precondition("a volume is kept by " + run() + " for " + t.mount() + " already");
      }
      HomeVolume v = volumes.resolve(job.mounts(), t.mount());
      lines.add("create a volume from " + t.snapshotId() + " in " + v.availabilityZone() + "; unmount " + t.mount()
          + "; detach " + v.volumeId() + " and keep it (tag runbook:kept-by-run=" + run() + "); attach the new volume as "
          + v.attachDevice() + " and mount it at " + t.mount());
    }
    return new HomeRestorePlan(lines, true);
  }

  List<String> restore(List<Artifact> artifacts) {
    String run = run();
    RunLabels labels = new RunLabels(job.instance().name(), job.restorePointId(), run);
    List<String> kept = new ArrayList<>();
    for (Target t : targets(artifacts)) {
      HomeVolume current = restore.kept(run, t.mount()).orElseGet(() -> volumes.resolve(job.mounts(), t.mount()));
      String volume = restore.createVolume(current, t.snapshotId(), labels, progress);
      restore.keep(current, run);
      if (mounted(t.mount())) {
        job.must(Command.of(TIMEOUT, "umount", t.mount()).asPrivileged());
      }
      EbsRestore.Placed placed = restore.swap(current, volume, run, progress);
      mount(placed.device(), t.mount());
      kept.add(current.volumeId() + " (detached, tagged runbook:kept-by-run=" + run + ")");
    }
    return kept;
  }

  void undo() {
    for (String m : job.mounts()) {
      if (mounted(m) && !restore.kept(run(), m).isEmpty()) {
        job.must(Command.of(TIMEOUT, "umount", m).asPrivileged());
      }
    }
    for (EbsRestore.Placed p : restore.undo(run(), progress)) {
      mount(p.device(), p.mount());
    }
  }

  private void mount(String device, String mount) {
    if (!mounted(mount)) {
      job.must(Command.of(TIMEOUT, "mount", device, mount).asPrivileged());
    }
  }

  private boolean mounted(String mount) {
    return job.run(Command.of(TIMEOUT, "findmnt", "-n", "--mountpoint", mount)).ok();
  }

  /** Each artifact's mount and snapshot ({@code home:<mount>}, location {@code region/snap-... [copy]}). */
  private List<Target> targets(List<Artifact> artifacts) {
    List<Target> out = new ArrayList<>();
    for (Artifact a : artifacts) {
      String mount = a.name().startsWith("home:") ? a.name().substring(5) : null;
      if (mount == null || !job.mounts().contains(mount)) {
        throw HomeJob.precondition("artifact " + a.name() + " names no configured mount of " + job.instance().name());
      }
      String first = a.location().split(" ")[0];
      out.add(new Target(mount, first.substring(first.indexOf('/') + 1)));
    }
    return out;
  }
}
