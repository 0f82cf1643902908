package dev.runbook.activities.home.rsync;

import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.SnapshotConfig;

/**
 * A file copy of the home ({@code provider: rsync}); not a point in time, so only allowed with
 * {@code mode: locked}.
 *
 * @param target absolute directory the copies go to
 */
public record RsyncConfig(String target) implements SnapshotConfig {
  @Override
  public void check(ProviderChecks c) {
    c.absolute("target", target, true);
  }

  @Override
  public String notPointInTime() {
    return "rsync copies a live home file by file, so the copy is not one point in time";
  }
}
