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
 */
public record KeptAside(String host, String instance, String kind, String name, Instant keptAt) {
  public static final String HOME = "home";
  public static final String DATABASE = "database";
}
