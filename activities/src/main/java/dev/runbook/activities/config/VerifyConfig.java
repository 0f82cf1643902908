package dev.runbook.activities.config;

import java.util.List;

/**
 * How {@code runbook verify} checks a restore point of the instance ({@code verify:} of an instance).
 *
 * @param tables key tables whose rows are counted in the scratch database; each must exist and have rows.
 *     {@code [project, repository]} when absent: every Bitbucket in use has at least one of each, while
 *     tables such as {@code sta_pull_request} may rightly be empty
 * @param repositories how many repositories of the home, chosen at random, {@code git fsck --connectivity-only}
 *     checks; 20 when absent; 0 checks every repository
 */
public record VerifyConfig(List<String> tables, Integer repositories) {
  public VerifyConfig {
    tables = tables == null ? List.of("project", "repository") : List.copyOf(tables);
    repositories = repositories == null ? 20 : repositories;
  }

  /** The defaults. */
  public static VerifyConfig defaults() {
    return new VerifyConfig(null, null);
  }
}
