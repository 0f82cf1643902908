package dev.runbook.activities.home.lvm;

import dev.runbook.activities.exec.Command;
import dev.runbook.activities.home.HomeJob;
import dev.runbook.activities.home.SnapshotProvider;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * LVM snapshots {@code <vg>/<lv>-<restore point>} by {@code lvcreate --snapshot}; LVM suspends and
 * freezes the device itself while it takes each one. Several volumes are snapshotted one after the
 * other. LVM cannot run on the build machines (no device-mapper): tested through the command seam.
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
      if (!job.run(Command.of(TIMEOUT, "lvs", "--noheadings", "-o", "lv_name", a.location()).asPrivileged()).ok()) {
        throw HomeJob.precondition("snapshot volume " + a.location() + " of restore point " + job.restorePointId() + " is missing");
      }
      lines.add("lvconvert --merge " + a.location() + ": the origin takes the snapshot's contents when next activated; "
          + "its current contents are lost (no undo)");
    }
    return new HomeRestorePlan(lines, false);
  }

  @Override
  public List<String> restore(HomeJob job, List<Artifact> artifacts) {
    for (Artifact a : artifacts) {
      job.must(Command.of(TIMEOUT, "lvconvert", "--merge", a.location()).asPrivileged());
    }
    return List.of();
  }

  @Override
  public void undoRestore(HomeJob job, List<Artifact> artifacts) {
    throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("an LVM merge cannot be undone",
        dev.runbook.workflows.FailureTypes.NOT_IMPLEMENTED);
  }
}
