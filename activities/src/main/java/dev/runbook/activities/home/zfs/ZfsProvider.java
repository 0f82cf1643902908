package dev.runbook.activities.home.zfs;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ZFS snapshots {@code <dataset>@<restore point>} of every dataset in one {@code zfs snapshot}
 * command, which ZFS makes atomic across datasets. No freeze. ZFS cannot run on the build machines:
 * its command lines are tested through the command seam.
 */
public final class ZfsProvider implements SnapshotProvider {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final ZfsConfig config;

  public ZfsProvider(ZfsConfig config) {
    this.config = config;
  }

  @Override
  public List<String> check(HomeJob job) {
    List<String> evidence = new ArrayList<>();
    for (String ds : config.datasets()) {
      if (!job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-o", "name", ds)).ok()) {
        throw HomeJob.precondition("ZFS dataset " + ds + " does not exist (zfs list failed)");
      }
      evidence.add(ds + ": ZFS dataset");
    }
    return evidence;
  }

  @Override
  public Outcome snapshot(HomeJob job) {
    delete(job, List.of());
    List<String> argv = new ArrayList<>(List.of("zfs", "snapshot"));
    config.datasets().forEach(ds -> argv.add(ds + "@" + job.restorePointId()));
    long start = System.nanoTime();
    job.must(new Command(argv, true, TIMEOUT, null, null));
    long ms = (System.nanoTime() - start) / 1_000_000;
    return new Outcome(config.datasets().stream().map(ds -> new Artifact("home:" + ds, Artifact.HOME, "zfs",
        job.host().hostName(), ds + "@" + job.restorePointId(), null, ms)).toList(), null, null);
  }

  @Override
  public void delete(HomeJob job, List<Artifact> artifacts) {
    List<String> targets = artifacts.isEmpty()
        ? config.datasets().stream().map(ds -> ds + "@" + job.restorePointId()).toList()
        : artifacts.stream().map(Artifact::location).toList();
    for (String snapshot : targets) {
      if (!snapshot.endsWith("@" + job.restorePointId())) {
        throw HomeJob.precondition("refusing to destroy " + snapshot + ": not a snapshot of " + job.restorePointId());
      }
      if (job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-t", "snapshot", "-o", "name", snapshot)).ok()) {
        job.must(Command.of(TIMEOUT, "zfs", "destroy", snapshot).asPrivileged());
      }
    }
  }

  @Override
  public HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts) {
    List<String> lines = new ArrayList<>();
    for (Artifact a : artifacts) {
      String dataset = a.location().substring(0, a.location().indexOf('@'));
      var list = job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-t", "snapshot", "-o", "name", "-s", "creation", "-d", "1", dataset));
      List<String> snapshots = list.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      int at = snapshots.indexOf(a.location());
      if (at < 0) {
        throw HomeJob.precondition("snapshot " + a.location() + " of restore point " + job.restorePointId() + " is missing");
      }
      List<String> newer = snapshots.subList(at + 1, snapshots.size());
      lines.add("zfs rollback -r " + a.location() + (newer.isEmpty() ? "" : ": destroys the newer snapshots "
          + String.join(", ", newer)) + "; the current contents of " + dataset + " are lost (no undo)");
    }
    return new HomeRestorePlan(lines, false);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    for (Artifact a : artifacts) {
      job.must(Command.of(TIMEOUT, "zfs", "rollback", "-r", a.location()).asPrivileged());
    }
    return List.of();
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("a ZFS rollback cannot be undone: the datasets "
        + "keep the restored contents", dev.runbook.workflows.FailureTypes.NOT_IMPLEMENTED);
  }
}
