package dev.runbook.activities.home.btrfs;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.DeleteGuard;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.MovedAside;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only btrfs subvolume snapshots, {@code <snapshotDir>/<restore point>} (one mount) or
 * {@code <snapshotDir>/<restore point>-N} (mount N of several). A btrfs snapshot is atomic; it is
 * never taken under a freeze, which would deadlock. Several mounts are snapshotted one after the
 * other: only one mount is one point in time.
 */
public final class BtrfsProvider implements SnapshotProvider {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final BtrfsConfig config;

  public BtrfsProvider(BtrfsConfig config) {
    this.config = config;
  }

  /** The snapshot directory: configured, else {@code .snapshots} beside the first mount. */
  String snapshotDir(HomeJob job) {
    if (config.snapshotDir() != null) {
      return config.snapshotDir();
    }
    Path parent = Path.of(job.mounts().get(0)).getParent();
    return (parent == null ? Path.of("/") : parent).resolve(".snapshots").toString();
  }

  List<String> names(HomeJob job) {
    String dir = snapshotDir(job);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < job.mounts().size(); i++) {
      names.add(dir + "/" + job.restorePointId() + (job.mounts().size() == 1 ? "" : "-" + (i + 1)));
    }
    return names;
  }

  @Override
  public List<String> check(HomeJob job) {
    List<String> evidence = new ArrayList<>();
    for (String m : job.mounts()) {
      if (!job.run(Command.of(TIMEOUT, "btrfs", "subvolume", "show", m).asPrivileged()).ok()) {
        throw HomeJob.precondition(m + " is not a btrfs subvolume (btrfs subvolume show failed)");
      }
      evidence.add(m + ": btrfs subvolume");
    }
    String dir = snapshotDir(job);
    if (!job.run(Command.of(TIMEOUT, "test", "-d", dir)).ok()) {
      throw HomeJob.precondition("snapshot directory " + dir + " does not exist: create it on the same btrfs filesystem");
    }
    evidence.add("snapshots go to " + dir);
    return evidence;
  }

  @Override
  public Outcome snapshot(HomeJob job) {
    List<String> names = names(job);
    delete(job, List.of()); // a retried step starts from nothing
    List<Artifact> made = new ArrayList<>();
    try {
      for (int i = 0; i < names.size(); i++) {
        long start = System.nanoTime();
        job.must(Command.of(TIMEOUT, "btrfs", "subvolume", "snapshot", "-r", job.mounts().get(i), names.get(i)).asPrivileged());
        made.add(new Artifact("home:" + job.mounts().get(i), Artifact.HOME, "btrfs", job.host().hostName(), names.get(i),
            null, (System.nanoTime() - start) / 1_000_000));
      }
    } catch (RuntimeException e) {
      delete(job, made);
      throw e;
    }
    return new Outcome(made, null, null);
  }

  @Override
  public void delete(HomeJob job, List<Artifact> artifacts) {
    String dir = snapshotDir(job);
    List<String> targets = artifacts.isEmpty() ? names(job) : artifacts.stream().map(Artifact::location).toList();
    for (String t : targets) {
      String path = DeleteGuard.deletable(dir, job.restorePointId(), t);
      if (job.run(Command.of(TIMEOUT, "test", "-e", path)).ok()) {
        job.must(Command.of(TIMEOUT, "btrfs", "subvolume", "delete", path).asPrivileged());
      }
    }
  }

  @Override
  public HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts) {
    List<String> mounts = MovedAside.mounts(job, artifacts);
    for (Artifact a : artifacts) {
      if (!job.run(Command.of(TIMEOUT, "btrfs", "subvolume", "show", a.location()).asPrivileged()).ok()) {
        throw HomeJob.precondition("snapshot " + a.location() + " of restore point " + job.restorePointId() + " is missing");
      }
    }
    MovedAside.requireRenamable(job, mounts);
    MovedAside.requireNothingKept(job, mounts);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < mounts.size(); i++) {
      lines.add("move " + mounts.get(i) + " aside to " + MovedAside.keptName(job, mounts.get(i))
          + ", put a writable snapshot of " + artifacts.get(i).location() + " in its place");
    }
    return new HomeRestorePlan(lines, true);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    return MovedAside.restore(job, artifacts, (artifact, mount) ->
        job.must(Command.of(TIMEOUT, "btrfs", "subvolume", "snapshot", artifact.location(), mount).asPrivileged()));
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    MovedAside.undo(job, artifacts, mount ->
        job.must(Command.of(TIMEOUT, "btrfs", "subvolume", "delete", mount).asPrivileged()));
  }

  /**
   * {@code <snapshot>.<scratchName>} beside each read-only snapshot: on the same filesystem, so the
   * writable snapshot costs no copy, and nowhere near the mounts.
   */
  @Override
  public List<String> scratchPaths(HomeJob job, List<Artifact> artifacts, String scratchName) {
    String dir = snapshotDir(job);
    List<String> paths = new ArrayList<>();
    for (Artifact a : artifacts) {
      paths.add(DeleteGuard.deletable(dir, job.restorePointId(), a.location()) + "." + scratchName);
    }
    return paths;
  }

  @Override
  public List<String> cloneToScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    List<String> paths = scratchPaths(job, artifacts, scratchName);
    deleteScratch(job, artifacts, scratchName); // a retried step starts from nothing
    for (int i = 0; i < artifacts.size(); i++) {
      job.must(Command.of(TIMEOUT, "btrfs", "subvolume", "snapshot", artifacts.get(i).location(), paths.get(i)).asPrivileged());
    }
    return paths;
  }

  @Override
  public void deleteScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    for (String path : scratchPaths(job, artifacts, scratchName)) {
      if (job.run(Command.of(TIMEOUT, "test", "-e", path)).ok()) {
        job.must(Command.of(TIMEOUT, "btrfs", "subvolume", "delete", path).asPrivileged());
      }
    }
  }
}
