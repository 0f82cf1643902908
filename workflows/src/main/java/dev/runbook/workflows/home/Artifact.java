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
  /** Kind of a Bitbucket Mesh node's home snapshot; its name is {@code mesh:<node>:<name the provider gave>}. */
  public static final String MESH_HOME = "mesh-home-snapshot";
  /** Kind of a database dump. */
  public static final String DATABASE = "db-dump";

  /** The prefix of a Mesh node's artifact names. */
  public static String meshPrefix(String node) {
    return "mesh:" + node + ":";
  }

  /** The Mesh node whose home snapshot this is ({@code mesh:<node>:<name>}), or null for any other artifact. */
  public String meshNode() {
    if (!MESH_HOME.equals(kind) || !name.startsWith("mesh:")) {
      return null;
    }
    int end = name.indexOf(':', "mesh:".length());
    return end < 0 ? null : name.substring("mesh:".length(), end);
  }

  /** True when this is a home snapshot of Mesh node {@code node}. */
  public boolean ofMesh(String node) {
    return MESH_HOME.equals(kind) && name.startsWith(meshPrefix(node));
  }

  /** This home snapshot, as Mesh node {@code node}'s. */
  public Artifact asMesh(String node) {
    return new Artifact(meshPrefix(node) + name, MESH_HOME, provider, host, location, sizeBytes, durationMs);
  }

  /** This Mesh node's home snapshot as its provider made it (the inverse of {@link #asMesh}). */
  public Artifact fromMesh(String node) {
    return new Artifact(name.substring(meshPrefix(node).length()), HOME, provider, host, location, sizeBytes, durationMs);
  }
}
