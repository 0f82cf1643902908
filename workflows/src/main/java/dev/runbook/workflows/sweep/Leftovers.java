package dev.runbook.workflows.sweep;

import java.util.List;

/**
 * What runs that ended without cleaning up left in the catalog, and the configured instances.
 *
 * @param runs runs recorded as RUNNING that Temporal reports closed or does not know
 * @param leases instance leases whose holder is not open
 * @param locks maintenance locks whose holder is not open
 * @param points restore points CREATING whose run is not open
 * @param instances every configured instance
 * @param scratches verify runs that hold a restore point but are not open: their scratch copies may remain (empty in
 *     sweeps recorded before the sweep looked for them)
 */
public record Leftovers(List<StaleRun> runs, List<StaleLease> leases, List<StaleLock> locks, List<StalePoint> points,
                        List<SweptInstance> instances, List<StaleScratch> scratches) {
  public Leftovers {
    runs = runs == null ? List.of() : List.copyOf(runs);
    leases = leases == null ? List.of() : List.copyOf(leases);
    locks = locks == null ? List.of() : List.copyOf(locks);
    points = points == null ? List.of() : List.copyOf(points);
    instances = instances == null ? List.of() : List.copyOf(instances);
    scratches = scratches == null ? List.of() : List.copyOf(scratches);
  }

  /** Leftovers without scratch copies of verify runs. */
  public Leftovers(List<StaleRun> runs, List<StaleLease> leases, List<StaleLock> locks, List<StalePoint> points,
                   List<SweptInstance> instances) {
    this(runs, leases, locks, points, instances, List.of());
  }
}
