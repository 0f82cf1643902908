package dev.runbook.activities.config;

import dev.runbook.workflows.config.BackupMode;
import java.time.Duration;

/** Checks of each snapshot provider's settings, including the combinations that are unsafe. */
final class SnapshotChecks {
  static final Duration MAX_FREEZE_LIMIT = Duration.ofMinutes(10);

  private final ConfigValidator v;
  private final String at;
  private final BackupMode mode;

  SnapshotChecks(ConfigValidator v, String at, BackupMode mode) {
    this.v = v;
    this.at = at;
    this.mode = mode;
  }

  void check(SnapshotConfig s) {
    if (s instanceof SnapshotConfig.Btrfs b) {
        v.absolute(at + ".snapshotDir", b.snapshotDir(), false);
        refuseFreeze(b.freeze(), "freezing btrfs and then taking a btrfs snapshot deadlocks (the snapshot needs a "
            + "transaction commit on the frozen filesystem); a btrfs snapshot is atomic without a freeze");
    } else if (s instanceof SnapshotConfig.Zfs z) {
        if (z.datasets() == null || z.datasets().isEmpty()) {
          v.add(at + ".datasets", "at least one dataset is required");
        } else {
          for (int i = 0; i < z.datasets().size(); i++) {
            v.matches(at + ".datasets[" + i + "]", z.datasets().get(i), ConfigValidator.zfsDataset(), "a pool/dataset name");
          }
        }
        refuseFreeze(z.freeze(), "a ZFS snapshot is atomic and writes to the pool, which a freeze would block");
    } else if (s instanceof SnapshotConfig.Lvm l) {
        if (l.volumes() == null || l.volumes().isEmpty()) {
          v.add(at + ".volumes", "at least one volume is required");
        } else {
          for (int i = 0; i < l.volumes().size(); i++) {
            v.matches(at + ".volumes[" + i + "]", l.volumes().get(i), ConfigValidator.lvmVolume(), "a vg/lv name");
          }
        }
        if (v.require(at + ".size", l.size())) {
          v.matches(at + ".size", l.size(), ConfigValidator.lvmSize(), "an lvcreate size such as 10G or 20%ORIGIN");
        }
        refuseFreeze(l.freeze(), "LVM suspends and freezes the device itself while it takes the snapshot");
    } else if (s instanceof SnapshotConfig.Command c) {
        v.absolute(at + ".snapshot", c.snapshot(), true);
        v.absolute(at + ".delete", c.delete(), false);
        v.absolute(at + ".restore", c.restore(), false);
        v.absolute(at + ".list", c.list(), false);
        v.positive(at + ".maxFreeze", c.maxFreeze());
        if (c.maxFreeze().compareTo(MAX_FREEZE_LIMIT) > 0) {
          v.add(at + ".maxFreeze", "at most 10m: Bitbucket's writes block while the home is frozen");
        }
    } else if (s instanceof SnapshotConfig.Rsync r) {
        v.absolute(at + ".target", r.target(), true);
        if (mode == BackupMode.ZERO_DOWNTIME) {
          v.add(at + ".provider", "rsync copies a live home file by file, so the copy is not one point in time; "
              + "use it with mode: locked, or choose btrfs, zfs, lvm or command for zero-downtime backups");
        }
    }
  }

  private void refuseFreeze(Boolean freeze, String reason) {
    if (Boolean.TRUE.equals(freeze)) {
      v.add(at + ".freeze", "must not be true: " + reason);
    }
  }
}
