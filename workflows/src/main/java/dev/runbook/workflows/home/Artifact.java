package dev.runbook.workflows.home;

/**
 * One thing a backup created and the catalog records: a snapshot, a dump.
 *
 * @param name unique within its restore point, for example {@code home:/srv/bitbucket/shared} or {@code db}
 * @param kind {@code home-snapshot} or {@code db-dump}
 * @param provider the provider that made it and can delete it
 * @param host the host it lives on
 * @param location what the provider needs to find it: a path, a snapshot name, a tag
 * @param sizeBytes its size when known, else null
 * @param durationMs how long creating it took
 */
public record Artifact(String name, String kind, String provider, String host, String location, Long sizeBytes,
                       long durationMs) {
  /** Kind of a home snapshot. */
  public static final String HOME = "home-snapshot";
  /** Kind of a database dump. */
  public static final String DATABASE = "db-dump";
}
