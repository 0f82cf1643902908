package dev.runbook.activities.home.zfs;

import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SnapshotConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ZFS snapshots of all datasets in one atomic {@code zfs snapshot} command ({@code provider: zfs}).
 *
 * @param datasets {@code pool/dataset} names backing the mounts
 * @param freeze must not be true: a ZFS snapshot is atomic and writes to the pool
 */
public record ZfsConfig(List<String> datasets, Boolean freeze) implements SnapshotConfig {
  private static final Pattern DATASET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*(/[A-Za-z0-9_.:-]+)+");

  @Override
  public void check(ProviderChecks c) {
    if (datasets == null || datasets.isEmpty()) {
      c.add("datasets", "at least one dataset is required");
    } else {
      for (int i = 0; i < datasets.size(); i++) {
        c.matches("datasets[" + i + "]", datasets.get(i), DATASET, "a pool/dataset name");
      }
    }
    c.refuseFreeze(freeze, "a ZFS snapshot is atomic and writes to the pool, which a freeze would block");
  }
}
