package dev.runbook.workflows.check;

import java.util.Collection;

/**
 * What a health check concludes, from better to worse. {@link #DEGRADED}: runbook can operate the instance
 * (back it up, restore it), but part of Bitbucket's service is impaired, for example a Mesh node that is not
 * AVAILABLE. {@link #UNHEALTHY}: something stops runbook operating the instance, or would make a backup
 * wrong, for example Bitbucket not RUNNING, a host whose agent does not answer, or a Mesh node Bitbucket
 * registers that the configuration does not have.
 */
public enum HealthVerdict {
  HEALTHY,
  DEGRADED,
  UNHEALTHY;

  /** The worst level among {@code findings}; HEALTHY when there are none. */
  public static HealthVerdict of(Collection<HealthFinding> findings) {
    HealthVerdict worst = HEALTHY;
    for (HealthFinding f : findings) {
      if (f.level().compareTo(worst) > 0) {
        worst = f.level();
      }
    }
    return worst;
  }
}
