package dev.runbook.activities.home.command;

import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SnapshotConfig;
import java.time.Duration;

/**
 * Operator scripts for any other technology (SAN, cloud volumes, reflink copies), {@code provider:
 * command}. See {@code docs/configuration.md} for the environment variables they receive.
 *
 * @param snapshot absolute path of the script that takes the snapshot (required)
 * @param delete script that deletes a snapshot
 * @param restore script that restores a snapshot
 * @param list script that lists snapshots
 * @param freeze freeze the mounts around {@code snapshot} (external block snapshots need it); false when absent
 * @param maxFreeze the longest the mounts may stay frozen before the watchdog thaws them; 30 s when absent
 */
public record CommandConfig(String snapshot, String delete, String restore, String list, Boolean freeze, Duration maxFreeze)
    implements SnapshotConfig {
  /** The longest {@code maxFreeze} allowed. */
  static final Duration MAX_FREEZE_LIMIT = Duration.ofMinutes(10);

  public CommandConfig {
    freeze = freeze != null && freeze;
    maxFreeze = maxFreeze == null ? Duration.ofSeconds(30) : maxFreeze;
  }

  @Override
  public boolean freezesMounts() {
    return freeze;
  }

  @Override
  public void check(ProviderChecks c) {
    c.absolute("snapshot", snapshot, true);
    c.absolute("delete", delete, false);
    c.absolute("restore", restore, false);
    c.absolute("list", list, false);
    c.positive("maxFreeze", maxFreeze);
    if (maxFreeze.compareTo(MAX_FREEZE_LIMIT) > 0) {
      c.add("maxFreeze", "at most 10m: Bitbucket's writes block while the home is frozen");
    }
  }
}
