package dev.runbook.activities.home.lvm;

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
 * LVM snapshots {@code <vg>/<lv>-<restore point>} by {@code lvcreate --snapshot}; LVM suspends and
 * freezes the device itself while it takes each one. Several volumes are snapshotted one after the
 * other. A restore first snapshots each current volume as {@code <vg>/<lv>.pre-restore-<stamp>}
 * (this run's stamp), then merges the restore point's snapshot; undo merges the kept one back. LVM
 * cannot run on the build machines (no device-mapper): tested through the command seam.
 */
public final class LvmProvider implements SnapshotProvider {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final LvmConfig config;

  public LvmProvider(LvmConfig config) {
    this.config = config;
  }

  static String snapshotName(String volume, String restorePointId) {
    String vg = volume.substring(0, volume.indexOf('/'));
    String lv = volume.substring(volume.indexOf('/') + 1);
    return vg + "/" + lv + "-" + restorePointId;
  }

  @Override
  public List<String> check(HomeJob job) {
    List<String> evidence = new ArrayList<>();
    for (String v : config.volumes()) {
      if (!job.run(Command.of(TIMEOUT, "lvs", "--noheadings", "-o", "lv_name", v).asPrivileged()).ok()) {
        throw HomeJob.precondition("logical volume " + v + " does not exist (lvs failed)");
      }
      evidence.add(v + ": logical volume, snapshots of " + config.size());
    }
    return evidence;
  }

  @Override
  public Outcome snapshot(HomeJob job) {
    delete(job, List.of());
    List<Artifact> made = new ArrayList<>();
    try {
      for (String v : config.volumes()) {
        String name = snapshotName(v, job.restorePointId());
        long start = System.nanoTime();
        job.must(Command.of(TIMEOUT, "lvcreate", "--snapshot", "--name", name.substring(name.indexOf('/') + 1),
            "--size", config.size(), v).asPrivileged());
        made.add(new Artifact("home:" + v, Artifact.HOME, "lvm", job.host().hostName(), name, null,
            (System.nanoTime() - start) / 1_000_000));
      }
    } catch (RuntimeException e) {
      delete(job, made);
      throw e;
    }
    return new Outcome(made, null, null);
  }

  @Override
  public void delete(HomeJob job, List<Artifact> artifacts) {
    List<String> targets = artifacts.isEmpty()
        ? config.volumes().stream().map(v -> snapshotName(v, job.restorePointId())).toList()
        : artifacts.stream().map(Artifact::location).toList();
    for (String lv : targets) {
      if (!lv.endsWith("-" + job.restorePointId())) {
        throw HomeJob.precondition("refusing to remove " + lv + ": not a snapshot of " + job.restorePointId());
      }
      if (job.run(Command.of(TIMEOUT, "lvs", "--noheadings", "-o", "lv_name", lv).asPrivileged()).ok()) {
        job.must(Command.of(TIMEOUT, "lvremove", "-f", lv).asPrivileged());
      }
    }
  }

  @Override
  public HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts) {
    List<String> lines = new ArrayList<>();
    for (Artifact a : artifacts) {
      String volume = volume(job, a);
      if (attributes(job, a.location()) == null) {
        throw HomeJob.precondition("snapshot volume " + a.location() + " of restore point " + job.restorePointId() + " is missing");
      }
      String kept = MovedAside.keptName(job, volume);
      if (attributes(job, kept) != null) {
        throw HomeJob.precondition(kept + " exists already; remove it before restoring " + volume);
      }
      lines.add("lvcreate --snapshot --name " + lvName(kept) + " --size " + config.size() + " " + volume
          + " keeps its current contents; then lvconvert --merge " + a.location() + ": " + volume + " takes the snapshot's "
          + "contents when next activated, and the merge uses up " + a.location());
    }
    return new HomeRestorePlan(lines, true);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    List<String> kept = new ArrayList<>();
    for (Artifact a : artifacts) {
      String volume = volume(job, a);
      String keep = MovedAside.keptName(job, volume);
      // Kept once: a retried attempt must not snapshot what the merge already brought back.
      if (attributes(job, keep) == null) {
        job.must(Command.of(TIMEOUT, "lvcreate", "--snapshot", "--name", lvName(keep), "--size", config.size(), volume)
            .asPrivileged());
      }
      merge(job, a.location());
      kept.add(keep);
    }
    return kept;
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    for (Artifact a : artifacts) {
      String volume = volume(job, a);
      String keep = MovedAside.keptName(job, volume);
      if (attributes(job, keep) == null) {
        continue;
      }
      String pending = attributes(job, a.location());
      if (pending != null && pending.startsWith("S")) {
        throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("the merge of " + a.location() + " into "
            + volume + " waits for " + volume + " to be activated again, and LVM merges one snapshot at a time: unmount "
            + volume + ", run lvchange -an then -ay on it, and lvconvert --merge " + keep + " to put the previous home back",
            dev.runbook.workflows.FailureTypes.COMMAND_FAILED);
      }
      merge(job, keep);
    }
  }

  /** Merges {@code snapshot} into its origin unless it is merging already or merged (gone). */
  private void merge(HomeJob job, String snapshot) {
    String attributes = attributes(job, snapshot);
    if (attributes != null && !attributes.startsWith("S")) {
      job.must(Command.of(TIMEOUT, "lvconvert", "--merge", snapshot).asPrivileged());
    }
  }

  /** {@code lv_attr} of {@code lv} ({@code s}: snapshot, {@code S}: merging snapshot), or null when it does not exist. */
  private static String attributes(HomeJob job, String lv) {
    var r = job.run(Command.of(TIMEOUT, "lvs", "--noheadings", "-o", "lv_attr", lv).asPrivileged());
    return r.ok() ? r.stdout().strip() : null;
  }

  private static String lvName(String volume) {
    return volume.substring(volume.indexOf('/') + 1);
  }

  /** The configured volume {@code artifact} is a snapshot of; refuses any other. */
  private String volume(HomeJob job, Artifact artifact) {
    for (String v : config.volumes()) {
      if (artifact.location().equals(snapshotName(v, job.restorePointId()))) {
        return v;
      }
    }
    throw HomeJob.precondition(artifact.location() + " is not a snapshot of restore point " + job.restorePointId()
        + " of a configured volume (" + String.join(", ", config.volumes()) + ")");
  }
}
