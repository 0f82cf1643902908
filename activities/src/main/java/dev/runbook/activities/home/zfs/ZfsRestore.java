package dev.runbook.activities.home.zfs;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.MovedAside;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A ZFS restore that keeps the current dataset, instead of {@code zfs rollback -r} (which destroys
 * the current contents and every newer snapshot):
 * <ol>
 *   <li>{@code zfs rename DS DS.pre-restore-STAMP}: the current dataset, with its snapshots, is kept
 *       under this run's stamp; a mountpoint set on it moves to {@code MOUNTPOINT.pre-restore-STAMP};</li>
 *   <li>{@code zfs clone [-o mountpoint=MOUNTPOINT] DS.pre-restore-STAMP@ID DS}: the restore point
 *       takes the dataset's name and mountpoint;</li>
 *   <li>{@code zfs promote DS}: the restore point's snapshot and the older ones move back to
 *       {@code DS}, so retention and later restores find them; newer ones stay with the kept dataset.</li>
 * </ol>
 * Each step is found done or not from the datasets' state, so a retried attempt continues. Undo
 * promotes the kept dataset again, destroys only a clone of its own snapshot, and renames it back.
 */
final class ZfsRestore {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private ZfsRestore() {}

  /** A dataset's mountpoint, and whether it is set on the dataset itself (not inherited or default). */
  record Mountpoint(String value, boolean explicit) {}

  /** {@code .pre-restore-STAMP}: what this run appends to the names (and a set mountpoint) it keeps. */
  static String suffix(HomeJob job) {
    return MovedAside.keptName(job, "");
  }

  /** Restores {@code snapshot} ({@code DS@ID}) into {@code dataset}; returns the kept dataset's name. */
  static String restore(HomeJob job, String dataset, String snapshot) {
    String kept = MovedAside.keptName(job, dataset);
    String keptSnapshot = kept + snapshot.substring(dataset.length());
    if (!exists(job, kept)) {
      job.must(zfs("rename", dataset, kept));
    }
    Mountpoint mp = mountpoint(job, kept);
    String original = mp.value();
    if (mp.explicit()) {
      if (mp.value().endsWith(suffix(job))) {
        original = mp.value().substring(0, mp.value().length() - suffix(job).length());
      } else {
        job.must(zfs("set", "mountpoint=" + mp.value() + suffix(job), kept));
      }
    }
    if (exists(job, dataset)) {
      if (origin(job, kept).equals(snapshot)) {
        return kept; // cloned and promoted by an earlier attempt
      }
      requireCloneOf(job, dataset, keptSnapshot);
      job.must(zfs("destroy", dataset)); // an earlier attempt's clone, not yet promoted
    }
    List<String> clone = new ArrayList<>(List.of("zfs", "clone"));
    if (mp.explicit()) {
      clone.addAll(List.of("-o", "mountpoint=" + original));
    }
    clone.addAll(List.of(keptSnapshot, dataset));
    job.must(new Command(clone, true, TIMEOUT, null, null));
    job.must(zfs("promote", dataset));
    return kept;
  }

  /** Puts the kept dataset back as {@code dataset}; a no-op when nothing was kept. */
  static void undo(HomeJob job, String dataset, String snapshot) {
    String kept = MovedAside.keptName(job, dataset);
    if (!exists(job, kept)) {
      return;
    }
    if (exists(job, dataset)) {
      if (origin(job, kept).equals(snapshot)) {
        job.must(zfs("promote", kept)); // the snapshots go back to the kept dataset
      }
      requireCloneOf(job, dataset, kept + snapshot.substring(dataset.length()));
      job.must(zfs("destroy", dataset));
    }
    Mountpoint mp = mountpoint(job, kept);
    job.must(zfs("rename", kept, dataset));
    if (mp.explicit() && mp.value().endsWith(suffix(job))) {
      job.must(zfs("set", "mountpoint=" + mp.value().substring(0, mp.value().length() - suffix(job).length()), dataset));
    }
  }

  /** Refuses to destroy {@code dataset} unless it is a clone of {@code snapshot}: never a live home. */
  private static void requireCloneOf(HomeJob job, String dataset, String snapshot) {
    String origin = origin(job, dataset);
    if (!origin.equals(snapshot)) {
      throw HomeJob.precondition("refusing to destroy " + dataset + ": it is not this run's clone of " + snapshot
          + " (origin " + origin + ")");
    }
  }

  static boolean exists(HomeJob job, String dataset) {
    return job.run(Command.of(TIMEOUT, "zfs", "list", "-H", "-o", "name", dataset)).ok();
  }

  static Mountpoint mountpoint(HomeJob job, String dataset) {
    String[] f = get(job, "mountpoint", dataset).split("\t", -1);
    String source = f.length > 1 ? f[1] : "";
    return new Mountpoint(f[0], !(source.equals("default") || source.startsWith("inherited")));
  }

  private static String origin(HomeJob job, String dataset) {
    return get(job, "origin", dataset).split("\t", -1)[0];
  }

  private static String get(HomeJob job, String property, String dataset) {
    CommandResult r = job.must(Command.of(TIMEOUT, "zfs", "get", "-H", "-o", "value,source", property, dataset));
    return r.stdout().lines().findFirst().orElse("").strip();
  }

  private static Command zfs(String... args) {
    List<String> argv = new ArrayList<>(List.of("zfs"));
    argv.addAll(List.of(args));
    return new Command(argv, true, TIMEOUT, null, null);
  }
}
