package dev.runbook.activities.database.rds;

import dev.runbook.activities.aws.AwsChecks;
import dev.runbook.activities.config.DatabaseConfig;
import dev.runbook.activities.config.ProviderChecks;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The {@code rds} database provider's settings ({@code provider: rds}): DB snapshots of an RDS
 * instance, or DB cluster snapshots of an Aurora cluster (exactly one of the two identifiers).
 * Credentials come from the AWS SDK's default chain of the process that runs the database steps
 * (instance role, environment, profile); there is no key setting.
 *
 * @param host the host (from {@code hosts}) whose worker makes the RDS API calls (required)
 * @param region the database's region, for example {@code eu-west-1} (required)
 * @param dbInstanceIdentifier the RDS DB instance Bitbucket uses
 * @param dbClusterIdentifier the Aurora DB cluster Bitbucket uses (through its cluster endpoint)
 * @param endpoint an RDS API endpoint URL instead of the region's (private endpoints, tests); absent normally
 * @param maxWait the longest to wait for a snapshot, a restore or a rename; 2 h when absent
 */
public record RdsConfig(String host, String region, String dbInstanceIdentifier, String dbClusterIdentifier,
                        String endpoint, Duration maxWait) implements DatabaseConfig {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z](-?[A-Za-z0-9])*");

  public RdsConfig {
    maxWait = maxWait == null ? Duration.ofHours(2) : maxWait;
  }

  @Override
  public void check(ProviderChecks c) {
    c.require("host", host);
    AwsChecks.region(c, "region", region, true);
    if ((dbInstanceIdentifier == null) == (dbClusterIdentifier == null)) {
      c.add(dbInstanceIdentifier == null ? "dbInstanceIdentifier" : "dbClusterIdentifier",
          "give exactly one of dbInstanceIdentifier (an RDS instance) and dbClusterIdentifier (an Aurora cluster)");
    }
    String what = "an RDS identifier (a letter, then letters, digits and single hyphens, at most 63 characters)";
    c.matches("dbInstanceIdentifier", dbInstanceIdentifier, IDENTIFIER, what);
    c.matches("dbClusterIdentifier", dbClusterIdentifier, IDENTIFIER, what);
    String id = identifier();
    if (id != null && id.length() > 63 - "-kept-yyyyMMddHHmmss".length()) {
      c.add(cluster() ? "dbClusterIdentifier" : "dbInstanceIdentifier", "is too long: a restore keeps the current "
          + "database as <identifier>-kept-<yyyyMMddHHmmss>, and RDS allows 63 characters");
    }
    AwsChecks.endpoint(c, "endpoint", endpoint);
    c.positive("maxWait", maxWait);
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
