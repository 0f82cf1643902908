package dev.runbook.activities.home;

import dev.runbook.activities.exec.Command;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.home.Artifact;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The restore pattern of providers that keep the current home aside: each mount is renamed to
 * {@code <mount>.pre-restore-<keep stamp>} and the restore point's copy is put in its place. A
 * mount point cannot be renamed, so each mount must be a directory (or subvolume) inside its
 * filesystem. Restoring again after a completed rename does not rename again; undoing renames back.
 * The stamp is the run's own, so a kept name that exists is this run's and never an earlier run's
 * copy: another run restoring the same restore point cannot take a live home for a half-placed copy.
 */
public final class MovedAside {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private MovedAside() {}

  /** The mount each artifact ({@code home:<mount>}) belongs to, in artifact order. */
  public static List<String> mounts(HomeJob job, List<Artifact> artifacts) {
    List<String> mounts = new ArrayList<>();
    for (Artifact a : artifacts) {
      String mount = a.name().startsWith("home:") ? a.name().substring(5) : null;
      if (mount == null || !job.mounts().contains(mount)) {
        throw HomeJob.precondition("artifact " + a.name() + " names no configured mount of " + job.instance().name()
            + " (mounts: " + String.join(", ", job.mounts()) + ")");
      }
      mounts.add(mount);
    }
    return mounts;
  }

  /** Refuses mounts that are mount points: they cannot be renamed. */
  public static void requireRenamable(HomeJob job, List<String> mounts) {
    for (String m : mounts) {
      if (job.run(Command.of(TIMEOUT, "findmnt", "-n", "--mountpoint", m)).ok()) {
        throw HomeJob.precondition(m + " is a mount point and cannot be moved aside; this provider restores homes "
            + "that are directories (or subvolumes) inside their filesystem");
      }
    }
  }

  /** Where this run keeps the current home of {@code mount}; refuses a request without a valid stamp. */
  public static String keptName(HomeJob job, String mount) {
    if (job.keepStamp() == null || !job.keepStamp().matches("\\d{14}")) {
      throw ApplicationFailure.newNonRetryableFailure("a home restore needs the run's keep stamp (yyyyMMddHHmmss), got "
          + job.keepStamp(), FailureTypes.INVALID_INPUT);
    }
    return mount + ".pre-restore-" + job.keepStamp();
  }

  /** Refuses when a kept name is taken already: the plan must not promise a move that would not happen. */
  public static void requireNothingKept(HomeJob job, List<String> mounts) {
    for (String m : mounts) {
      String keep = keptName(job, m);
      if (exists(job, keep)) {
        throw HomeJob.precondition(keep + " exists already; move it away before restoring " + m);
      }
    }
  }

  /** Keeps each current mount aside and puts the copy in its place with {@code place.accept(artifact, mount)}. */
  public static List<String> restore(HomeJob job, List<Artifact> artifacts, BiConsumer<Artifact, String> place) {
    List<String> mounts = mounts(job, artifacts);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < mounts.size(); i++) {
      String mount = mounts.get(i);
      String keep = keptName(job, mount);
      boolean alreadyMoved = exists(job, keep);
      if (!alreadyMoved) {
        job.must(Command.of(TIMEOUT, "mv", "-T", mount, keep).asPrivileged());
      } else if (exists(job, mount)) {
        // A retry after the copy was (partly) placed: remove it and place again.
        job.must(Command.of(TIMEOUT, "rm", "-rf", "--", mount).asPrivileged());
      }
      place.accept(artifacts.get(i), mount);
      kept.add(keep);
    }
    return kept;
  }

  /** Puts each kept mount back, removing what the restore placed. */
  public static void undo(HomeJob job, List<Artifact> artifacts, java.util.function.Consumer<String> removePlaced) {
    for (String mount : mounts(job, artifacts)) {
      String keep = keptName(job, mount);
      if (!exists(job, keep)) {
        continue;
      }
      if (exists(job, mount)) {
        removePlaced.accept(mount);
      }
      job.must(Command.of(TIMEOUT, "mv", "-T", keep, mount).asPrivileged());
    }
  }

  public static boolean exists(HomeJob job, String path) {
    return job.run(Command.of(TIMEOUT, "test", "-e", path)).ok();
  }
}
