package dev.runbook.activities.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;

/** How the home mounts are snapshotted, chosen by {@code provider}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "provider")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SnapshotConfig.Btrfs.class, name = "btrfs"),
    @JsonSubTypes.Type(value = SnapshotConfig.Zfs.class, name = "zfs"),
    @JsonSubTypes.Type(value = SnapshotConfig.Lvm.class, name = "lvm"),
    @JsonSubTypes.Type(value = SnapshotConfig.Command.class, name = "command"),
    @JsonSubTypes.Type(value = SnapshotConfig.Rsync.class, name = "rsync")})
public sealed interface SnapshotConfig {
  /** Provider names as written in the configuration. */
  List<String> PROVIDERS = List.of("btrfs", "zfs", "lvm", "command", "rsync");

  /** The provider name. */
  String provider();

  /**
   * Read-only btrfs subvolume snapshots; each mount must be a subvolume. Atomic without a freeze.
   *
   * @param snapshotDir where snapshots go, on the same btrfs filesystem; {@code <mount>/../.snapshots} when absent
   * @param freeze must not be true: freezing btrfs and then snapshotting it deadlocks
   */
  record Btrfs(String snapshotDir, Boolean freeze) implements SnapshotConfig {
    public String provider() {
      return "btrfs";
    }
  }

  /**
   * ZFS snapshots of all datasets in one atomic {@code zfs snapshot} command.
   *
   * @param datasets {@code pool/dataset} names backing the mounts
   * @param freeze must not be true: a ZFS snapshot is atomic and writes to the pool
   */
  record Zfs(List<String> datasets, Boolean freeze) implements SnapshotConfig {
    public String provider() {
      return "zfs";
    }
  }

  /**
   * LVM snapshots ({@code lvcreate --snapshot}); LVM suspends the device itself.
   *
   * @param volumes {@code vg/lv} names backing the mounts
   * @param size copy-on-write space per snapshot, for example {@code 10G}
   * @param freeze must not be true: LVM freezes the filesystem itself
   */
  record Lvm(List<String> volumes, String size, Boolean freeze) implements SnapshotConfig {
    public String provider() {
      return "lvm";
    }
  }

  /**
   * Operator scripts for any other technology (SAN, cloud volumes, reflink copies). See
   * {@code docs/configuration.md} for the environment variables they receive.
   *
   * @param snapshot absolute path of the script that takes the snapshot (required)
   * @param delete script that deletes a snapshot
   * @param restore script that restores a snapshot
   * @param list script that lists snapshots
   * @param freeze freeze the mounts around {@code snapshot} (external block snapshots need it); false when absent
   * @param maxFreeze the longest the mounts may stay frozen before the watchdog thaws them; 30 s when absent
   */
  record Command(String snapshot, String delete, String restore, String list, Boolean freeze, Duration maxFreeze)
      implements SnapshotConfig {
    public Command {
      freeze = freeze != null && freeze;
      maxFreeze = maxFreeze == null ? Duration.ofSeconds(30) : maxFreeze;
    }

    public String provider() {
      return "command";
    }
  }

  /**
   * A file copy of the home; not a point in time, so only allowed with {@code mode: locked}.
   *
   * @param target absolute directory the copies go to
   */
  record Rsync(String target) implements SnapshotConfig {
    public String provider() {
      return "rsync";
    }
  }
}
