package dev.runbook.workflows.home;

import java.time.Instant;

/**
 * A home or database a restore kept aside: {@code <mount>.pre-restore-<stamp>} or
 * {@code <database>_pre_restore_<stamp>}, the stamp being the restore run's UTC time.
 *
 * @param host the host that holds it
 * @param instance its instance
 * @param kind {@code home} or {@code database}
 * @param name the kept path or database name
 * @param keptAt when the restore kept it, from the stamp in its name
 * @param mesh for a home: the Bitbucket Mesh node whose home it was (next to one of the node's mounts, on the
 *     node's host, deleted through the node's home provider); null for the shared home and for databases
 */
public record KeptAside(String host, String instance, String kind, String name, Instant keptAt, String mesh) {
  public static final String HOME = "home";
  public static final String DATABASE = "database";

  /** A kept-aside shared home or database. */
  public KeptAside(String host, String instance, String kind, String name, Instant keptAt) {
    this(host, instance, kind, name, keptAt, null);
  }

  /** The same kept-aside home, as one of Mesh node {@code node}'s (null: the shared home's). */
  public KeptAside ofMesh(String node) {
    return new KeptAside(host, instance, kind, name, keptAt, node);
  }
}
