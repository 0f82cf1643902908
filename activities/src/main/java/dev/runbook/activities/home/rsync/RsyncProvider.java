package dev.runbook.activities.home.rsync;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.DeleteGuard;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.MovedAside;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A file copy of each mount into {@code <target>/<restore point>/<N>} with rsync. A copy of a live
 * home is not one point in time, so configuration allows it only with {@code mode: locked}, where
 * Bitbucket is drained while it runs.
 */
public final class RsyncProvider implements SnapshotProvider {
  private static final Duration TIMEOUT = Duration.ofHours(12);

  private final RsyncConfig config;

  public RsyncProvider(RsyncConfig config) {
    this.config = config;
  }

  @Override
  public List<String> check(HomeJob job) {
    if (!job.run(Command.of(Duration.ofSeconds(30), "test", "-d", config.target(), "-a", "-w", config.target())).ok()) {
      throw HomeJob.precondition("rsync target " + config.target() + " is missing or not writable on " + job.host().hostName());
    }
    return List.of("copies go to " + config.target());
  }

  @Override
  public Outcome snapshot(HomeJob job) {
    delete(job, List.of());
    String dir = config.target() + "/" + job.restorePointId();
    List<Artifact> made = new ArrayList<>();
    try {
      for (int i = 0; i < job.mounts().size(); i++) {
        String to = dir + "/" + (i + 1);
        long start = System.nanoTime();
        job.must(Command.of(TIMEOUT, "mkdir", "-p", to));
        job.must(Command.of(TIMEOUT, "rsync", "-a", "--delete", "--numeric-ids", job.mounts().get(i) + "/", to + "/")
            .asPrivileged());
        made.add(new Artifact("home:" + job.mounts().get(i), Artifact.HOME, "rsync", job.host().hostName(), to, null,
            (System.nanoTime() - start) / 1_000_000));
      }
    } catch (RuntimeException e) {
      delete(job, List.of());
      throw e;
    }
    return new Outcome(made, null, null);
  }

  @Override
  public void delete(HomeJob job, List<Artifact> artifacts) {
    String dir = DeleteGuard.deletable(config.target(), job.restorePointId(), config.target() + "/" + job.restorePointId());
    job.must(Command.of(TIMEOUT, "rm", "-rf", "--", dir).asPrivileged());
  }

  @Override
  public HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts) {
    List<String> mounts = MovedAside.mounts(job, artifacts);
    for (Artifact a : artifacts) {
      if (!job.run(Command.of(Duration.ofSeconds(30), "test", "-d", a.location())).ok()) {
        throw HomeJob.precondition("copy " + a.location() + " of restore point " + job.restorePointId() + " is missing");
      }
    }
    MovedAside.requireRenamable(job, mounts);
    MovedAside.requireNothingKept(job, mounts);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < mounts.size(); i++) {
      lines.add("move " + mounts.get(i) + " aside to " + MovedAside.keptName(job, mounts.get(i))
          + ", copy " + artifacts.get(i).location() + " into a new " + mounts.get(i));
    }
    return new HomeRestorePlan(lines, true);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    return MovedAside.restore(job, artifacts, (artifact, mount) -> {
      job.must(Command.of(TIMEOUT, "mkdir", "-p", mount).asPrivileged());
      job.must(Command.of(TIMEOUT, "rsync", "-a", "--delete", "--numeric-ids", artifact.location() + "/", mount + "/")
          .asPrivileged());
    });
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    MovedAside.undo(job, artifacts, mount -> job.must(Command.of(TIMEOUT, "rm", "-rf", "--", mount).asPrivileged()));
  }

  /** {@code <target>/<restore point>.<scratchName>/<N>}: a copy beside the restore point's copy, never the copy itself. */
  @Override
  public List<String> scratchPaths(HomeJob job, List<Artifact> artifacts, String scratchName) {
    String dir = config.target() + "/" + job.restorePointId();
    List<String> paths = new ArrayList<>();
    for (Artifact a : artifacts) {
      java.nio.file.Path p = java.nio.file.Path.of(a.location()).normalize();
      if (p.getParent() == null || !p.getParent().toString().equals(dir) || !p.getFileName().toString().matches("\\d+")) {
        throw HomeJob.precondition(a.location() + " is not a copy of restore point " + job.restorePointId() + " in " + dir);
      }
      paths.add(dir + "." + scratchName + "/" + p.getFileName());
    }
    return paths;
  }

  /** A file copy ({@code cp -a --reflink=auto}: no data copied where the filesystem shares extents). */
  @Override
  public List<String> cloneToScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    List<String> paths = scratchPaths(job, artifacts, scratchName);
    deleteScratch(job, artifacts, scratchName); // a retried step starts from nothing
    job.must(Command.of(TIMEOUT, "mkdir", "-p", config.target() + "/" + job.restorePointId() + "." + scratchName)
        .asPrivileged());
    for (int i = 0; i < artifacts.size(); i++) {
      job.must(Command.of(TIMEOUT, "cp", "-a", "--reflink=auto", "-T", artifacts.get(i).location(), paths.get(i))
          .asPrivileged());
    }
    return paths;
  }

  @Override
  public void deleteScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    scratchPaths(job, artifacts, scratchName); // refuses artifacts that are not this point's
    job.must(Command.of(TIMEOUT, "rm", "-rf", "--", config.target() + "/" + job.restorePointId() + "." + scratchName)
        .asPrivileged());
  }
}
