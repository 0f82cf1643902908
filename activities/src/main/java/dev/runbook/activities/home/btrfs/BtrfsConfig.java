package dev.runbook.activities.home.btrfs;

import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SnapshotConfig;

/**
 * Read-only btrfs subvolume snapshots ({@code provider: btrfs}); each mount must be a subvolume.
 * Atomic without a freeze.
 *
 * @param snapshotDir where snapshots go, on the same btrfs filesystem; {@code <mount>/../.snapshots} when absent
 * @param freeze must not be true: freezing btrfs and then snapshotting it deadlocks
 */
public record BtrfsConfig(String snapshotDir, Boolean freeze) implements SnapshotConfig {
  @Override
  public void check(ProviderChecks c) {
    c.absolute("snapshotDir", snapshotDir, false);
    c.refuseFreeze(freeze, "freezing btrfs and then taking a btrfs snapshot deadlocks (the snapshot needs a "
        + "transaction commit on the frozen filesystem); a btrfs snapshot is atomic without a freeze");
  }
}
