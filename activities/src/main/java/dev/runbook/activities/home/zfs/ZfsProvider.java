package dev.runbook.activities.home.zfs;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.MovedAside;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ZFS snapshots {@code <dataset>@<restore point>} of every dataset in one {@code zfs snapshot}
 * command, which ZFS makes atomic across datasets. No freeze. A restore keeps each current dataset
 * aside under the run's stamp and clones the snapshot into its place ({@link ZfsRestore}). ZFS cannot
 * run on the build machines: its command lines are tested through the command seam.
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
      String dataset = dataset(job, a);
      var list = job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-t", "snapshot", "-o", "name", "-s", "creation", "-d", "1", dataset));
      List<String> snapshots = list.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      int at = snapshots.indexOf(a.location());
      if (at < 0) {
        throw HomeJob.precondition("snapshot " + a.location() + " of restore point " + job.restorePointId() + " is missing");
      }
      String kept = MovedAside.keptName(job, dataset);
      if (ZfsRestore.exists(job, kept)) {
        throw HomeJob.precondition(kept + " exists already; rename or destroy it before restoring " + dataset);
      }
      var children = job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-o", "name", "-r", "-d", "1", "-t", "filesystem,volume", dataset));
      if (children.stdout().lines().filter(l -> !l.isBlank()).count() > 1) {
        throw HomeJob.precondition(dataset + " has child datasets, which a clone of " + a.location() + " would not carry; "
            + "restore it with the command provider");
      }
      ZfsRestore.Mountpoint mp = ZfsRestore.mountpoint(job, dataset);
      if (mp.value().equals("legacy") || mp.value().equals("none")) {
        throw HomeJob.precondition(dataset + " has mountpoint=" + mp.value() + ": the restore swaps datasets by name and "
            + "needs ZFS to mount them; set a mountpoint or restore with the command provider");
      }
      List<String> newer = snapshots.subList(at + 1, snapshots.size());
      lines.add("rename " + dataset + " to " + kept + (mp.explicit() ? " (mounted at " + mp.value()
          + ZfsRestore.suffix(job) + ")" : "") + ", clone " + a.location() + " as " + dataset + " and promote it"
          + (newer.isEmpty() ? "" : "; the newer snapshots " + String.join(", ", newer) + " stay with " + kept));
    }
    return new HomeRestorePlan(lines, true);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    List<String> kept = new ArrayList<>();
    for (Artifact a : artifacts) {
      kept.add(ZfsRestore.restore(job, dataset(job, a), a.location()));
    }
    return kept;
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    for (Artifact a : artifacts) {
      ZfsRestore.undo(job, dataset(job, a), a.location());
    }
  }

  /** Where scratch clones are mounted: outside every configured home, gone at reboot with /run. */
  static final String SCRATCH_ROOT = "/run/runbook-verify";

  /** {@code <SCRATCH_ROOT>/<instance>/<scratchName>-N}, the mountpoint given to the Nth clone. */
  @Override
  public List<String> scratchPaths(HomeJob job, List<Artifact> artifacts, String scratchName) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < artifacts.size(); i++) {
      dataset(job, artifacts.get(i));
      paths.add(SCRATCH_ROOT + "/" + job.instance().name() + "/" + scratchName + "-" + (i + 1));
    }
    return paths;
  }

  /** {@code zfs clone} of each snapshot as {@code <dataset>.<scratchName>}, mounted apart and never shared. */
  @Override
  public List<String> cloneToScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    List<String> paths = scratchPaths(job, artifacts, scratchName);
    deleteScratch(job, artifacts, scratchName); // a retried step starts from nothing
    for (int i = 0; i < artifacts.size(); i++) {
      Artifact a = artifacts.get(i);
      job.must(Command.of(TIMEOUT, "zfs", "clone", "-o", "mountpoint=" + paths.get(i), "-o", "sharenfs=off", "-o",
          "sharesmb=off", a.location(), dataset(job, a) + "." + scratchName).asPrivileged());
    }
    return paths;
  }

  /** Destroys this run's clones only (a clone is named after the run's label); the snapshots stay. */
  @Override
  public void deleteScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    for (Artifact a : artifacts) {
      String clone = dataset(job, a) + "." + scratchName;
      if (job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-o", "name", clone)).ok()) {
        job.must(Command.of(TIMEOUT, "zfs", "destroy", clone).asPrivileged());
      }
    }
  }

  /** The configured dataset {@code artifact} is a snapshot of; refuses any other. */
  private String dataset(HomeJob job, Artifact artifact) {
    String location = artifact.location();
    String dataset = location.contains("@") ? location.substring(0, location.indexOf('@')) : "";
    if (!config.datasets().contains(dataset) || !location.equals(dataset + "@" + job.restorePointId())) {
      throw HomeJob.precondition(location + " is not a snapshot of restore point " + job.restorePointId()
          + " of a configured dataset (" + String.join(", ", config.datasets()) + ")");
    }
    return dataset;
  }
}
