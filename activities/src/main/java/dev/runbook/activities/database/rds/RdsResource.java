package dev.runbook.activities.database.rds;

import java.util.Map;

/**
 * A DB instance, DB cluster or one of their snapshots as the steps see it.
 *
 * @param id its identifier
 * @param arn its ARN (tags are read and written through it)
 * @param status RDS's status, for example {@code available}
 * @param endpoint the address Bitbucket connects to (instances and clusters), else null
 * @param tags its tags
 */
public record RdsResource(String id, String arn, String status, String endpoint, Map<String, String> tags) {
  /** True when tag {@code key} is exactly {@code value}. */
  public boolean tagged(String key, String value) {
    return value.equals(tags.get(key));
  }
}
