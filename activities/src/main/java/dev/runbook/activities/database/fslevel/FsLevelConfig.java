package dev.runbook.activities.database.fslevel;

import dev.runbook.activities.config.DatabaseConfig;
import dev.runbook.activities.config.ProviderChecks;
import dev.runbook.activities.config.InstanceConfig;

/**
 * The database's data directory lives on a home mount and is captured by the home snapshot
 * ({@code provider: postgresql-fslevel}).
 *
 * @param host the host of the database
 * @param dataDirectory absolute path of the data directory; must be under one of the home mounts
 */
public record FsLevelConfig(String host, String dataDirectory) implements DatabaseConfig {
  @Override
  public void check(ProviderChecks c) {
    InstanceConfig.HomeConfig home = c.instance().home();
    if (c.absolute("dataDirectory", dataDirectory, true) && home != null
        && home.mounts().stream().noneMatch(m -> m != null && (dataDirectory + "/").startsWith(m.endsWith("/") ? m : m + "/"))) {
      c.add("dataDirectory", "must lie under one of the home mounts, or the home snapshot does not capture it");
    }
  }
}
