package dev.runbook.activities.database.rds;

import java.time.Duration;

/**
 * The {@code rds} database provider's settings: DB snapshots of an RDS instance, or DB cluster
 * snapshots of an Aurora cluster (exactly one of the two identifiers). Credentials come from the AWS
 * SDK's default chain of the process that runs the database steps; there is no key setting.
 *
 * @param region the database's region, for example {@code eu-west-1} (required)
 * @param dbInstanceIdentifier the RDS DB instance Bitbucket uses
 * @param dbClusterIdentifier the Aurora DB cluster Bitbucket uses (through its cluster endpoint)
 * @param endpoint an RDS API endpoint URL instead of the region's (private endpoints, tests); absent normally
 * @param maxWait the longest to wait for a snapshot, a restore or a rename; 2 h when absent
 */
public record RdsConfig(String region, String dbInstanceIdentifier, String dbClusterIdentifier, String endpoint,
                        Duration maxWait) {
  public RdsConfig {
    maxWait = maxWait == null ? Duration.ofHours(2) : maxWait;
  }

  /** True for an Aurora cluster. */
  public boolean cluster() {
    return dbClusterIdentifier != null;
  }

  /** The identifier of the database Bitbucket uses. */
  public String identifier() {
    return cluster() ? dbClusterIdentifier : dbInstanceIdentifier;
  }
}
