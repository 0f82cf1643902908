package dev.runbook.activities.home.ebs;

import dev.runbook.activities.aws.AwsClients;
import dev.runbook.activities.aws.Poll;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.Freezer;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.activities.home.ebs.EbsSnapshots.Taken;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The {@code ebs} home provider: EBS snapshots of the volumes behind the home mounts, through the
 * AWS SDK. Inside the freeze only the snapshot requests run (volumes are resolved before, the wait
 * for {@code completed} and the copy after the thaw); a failed attempt deletes what it made. A
 * restore puts a new volume from the snapshot in place of each home volume and keeps the old one
 * detached; undo attaches it again. See docs/runbooks/backup.md and restore.md.
 */
public final class EbsProvider implements SnapshotProvider {
  /**
   * Where attached volumes appear by id: {@code /dev/disk/by-id}, unless the system property
   * {@code runbook.ebs.deviceDir} or the environment variable {@code RUNBOOK_EBS_DEVICE_DIR} names
   * another directory (tests link loop devices there).
   */
  static String deviceDir() {
    return System.getProperty("runbook.ebs.deviceDir",
        Optional.ofNullable(System.getenv("RUNBOOK_EBS_DEVICE_DIR")).orElse("/dev/disk/by-id"));
  }

  /** Time between polls of AWS while waiting: 5 s, or {@code runbook.aws.pollMillis}. */
  static Duration pollInterval() {
    return Duration.ofMillis(Long.getLong("runbook.aws.pollMillis", 5_000));
  }

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final EbsConfig config;

  public EbsProvider(EbsConfig config) {
    this.config = config;
  }

  private interface Work<T> {
    T apply(Ec2Client ec2, EbsVolumes volumes);
  }

  private <T> T with(HomeJob job, Work<T> work) {
    try (Ec2Client ec2 = AwsClients.ec2(config.region(), config.endpoint())) {
      return work.apply(ec2, new EbsVolumes(ec2, config, devices(), probe(job)));
    }
  }

  static VolumeDevices devices() {
    return VolumeDevices.byIdDirectory(deviceDir());
  }

  static DeviceProbe probe(HomeJob job) {
    return new DeviceProbe(argv -> {
      var r = job.run(Command.of(TIMEOUT, argv.toArray(String[]::new)));
      return r.ok() ? Optional.of(r.stdout()) : Optional.empty();
    });
  }

  @Override
  public List<String> check(HomeJob job) {
    return with(job, (ec2, volumes) -> EbsVolumes.evidence(volumes.resolve(job.mounts())));
  }

  @Override
  public Outcome snapshot(HomeJob job) {
    try (Ec2Client ec2 = AwsClients.ec2(config.region(), config.endpoint());
         Ec2Client copyTo = config.copyToRegion() == null ? null : AwsClients.ec2(config.copyToRegion(), config.endpoint())) {
      EbsSnapshots snaps = new EbsSnapshots(r -> r.equals(config.region()) ? ec2 : copyTo, config, poll());
      EbsVolumes.Plan plan = new EbsVolumes(ec2, config, devices(), probe(job)).plan(job.mounts());
      RunLabels labels = new RunLabels(job.instance().name(), job.restorePointId(), backupRun(job));
      snaps.deleteRun(labels.instance(), labels.runId()); // a retried step starts from nothing
      long start = System.nanoTime();
      Instant frozenFrom = null;
      Instant frozenTo = null;
      List<Taken> requested;
      if (config.freeze()) {
        Freezer.Frozen<List<Taken>> f = Freezer.around(job, job.mounts(), config.maxFreeze(), () -> snaps.request(plan, labels));
        requested = f.value();
        frozenFrom = f.startedAt();
        frozenTo = f.endedAt();
      } else {
        requested = snaps.request(plan, labels);
      }
      try {
        List<Taken> home = snaps.keepHome(requested);
        Consumer<String> progress = line -> job.host().heartbeat();
        snaps.awaitCompleted(home, progress);
        List<Taken> copies = snaps.copy(home, labels, progress);
        return new Outcome(artifacts(job, home, copies, (System.nanoTime() - start) / 1_000_000), frozenFrom, frozenTo);
      } catch (RuntimeException e) {
        snaps.deleteRun(labels.instance(), labels.runId()); // exactly what this run made, in both regions
        throw e;
      }
    }
  }

  /** One artifact per mount; its location is {@code region/snapshot}, then {@code region/copy} when copied. */
  private List<Artifact> artifacts(HomeJob job, List<Taken> home, List<Taken> copies, long millis) {
    List<Artifact> out = new ArrayList<>();
    for (String mount : job.mounts()) {
      Taken t = home.stream().filter(h -> mount.equals(h.mount())).findFirst().orElseThrow();
      String location = t.region() + "/" + t.snapshotId() + copies.stream().filter(c -> mount.equals(c.mount()))
          .map(c -> " " + c.region() + "/" + c.snapshotId()).findFirst().orElse("");
      out.add(new Artifact("home:" + mount, Artifact.HOME, "ebs", job.host().hostName(), location, null, millis));
    }
    return out;
  }

  @Override
  public void delete(HomeJob job, List<Artifact> artifacts) {
    // By exact tags in both regions, whatever the artifacts say: only this restore point's snapshots go.
    try (Ec2Client ec2 = AwsClients.ec2(config.region(), config.endpoint());
         Ec2Client copyTo = config.copyToRegion() == null ? null : AwsClients.ec2(config.copyToRegion(), config.endpoint())) {
      new EbsSnapshots(r -> r.equals(config.region()) ? ec2 : copyTo, config, poll())
          .deleteRestorePoint(job.instance().name(), job.restorePointId());
    }
  }

  @Override
  public HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts) {
    return with(job, (ec2, volumes) -> new EbsHomeRestore(job, config, ec2, volumes, poll()).plan(artifacts));
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    return with(job, (ec2, volumes) -> new EbsHomeRestore(job, config, ec2, volumes, poll()).restore(artifacts));
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    with(job, (ec2, volumes) -> {
      new EbsHomeRestore(job, config, ec2, volumes, poll()).undo();
      return null;
    });
  }

  private Poll poll() {
    return new Poll(pollInterval(), config.snapshotWait());
  }

  /** The workflow run this backup belongs to (its snapshots' {@code runbook:run} tag). */
  private static String backupRun(HomeJob job) {
    try {
      return Activity.getExecutionContext().getInfo().getRunId();
    } catch (IllegalStateException e) {
      return job.restorePointId();
    }
  }
}
