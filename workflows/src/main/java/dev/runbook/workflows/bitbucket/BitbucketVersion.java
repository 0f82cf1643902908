package dev.runbook.workflows.bitbucket;

/**
 * What {@code GET /rest/api/1.0/application-properties} answered.
 *
 * @param version for example {@code 8.19.4}
 * @param buildNumber for example {@code 8019004}
 * @param displayName for example {@code Bitbucket}
 */
public record BitbucketVersion(String version, String buildNumber, String displayName) {
  /** True when {@link #version} is {@code major.minor} or later; false when it does not parse. */
  public boolean isAtLeast(int major, int minor) {
    String[] parts = version == null ? new String[0] : version.split("\\.");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (RuntimeException e) {
      return false;
    }
  }
}
