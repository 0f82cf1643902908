package dev.runbook.activities.home.lvm;

import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SnapshotConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * LVM snapshots ({@code lvcreate --snapshot}, {@code provider: lvm}); LVM suspends the device itself.
 *
 * @param volumes {@code vg/lv} names backing the mounts
 * @param size copy-on-write space per snapshot, for example {@code 10G}
 * @param freeze must not be true: LVM freezes the filesystem itself
 */
public record LvmConfig(List<String> volumes, String size, Boolean freeze) implements SnapshotConfig {
  private static final Pattern VOLUME = Pattern.compile("[A-Za-z0-9_.+-]+/[A-Za-z0-9_.+-]+");
  private static final Pattern SIZE = Pattern.compile("\\d+(\\.\\d+)?[KMGTkmgt]?|\\d+%(ORIGIN|FREE|VG)");

  @Override
  public void check(ProviderChecks c) {
    if (volumes == null || volumes.isEmpty()) {
      c.add("volumes", "at least one volume is required");
    } else {
      for (int i = 0; i < volumes.size(); i++) {
        c.matches("volumes[" + i + "]", volumes.get(i), VOLUME, "a vg/lv name");
      }
    }
    if (c.require("size", size)) {
      c.matches("size", size, SIZE, "an lvcreate size such as 10G or 20%ORIGIN");
    }
    c.refuseFreeze(freeze, "LVM suspends and freezes the device itself while it takes the snapshot");
  }
}
