package dev.runbook.activities.home;

import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;

/** One way of snapshotting the home mounts. Implementations run on the host that owns the mounts. */
interface SnapshotProvider {
  /** What the snapshot made, and when the mounts were frozen (both null when they were not). */
  record Outcome(List<Artifact> artifacts, Instant freezeStartedAt, Instant freezeEndedAt) {}

  /** Checks its preconditions and returns evidence; throws {@code PreconditionFailed}. Changes nothing. */
  List<String> check(HomeJob job);

  /** Snapshots every mount under the restore point's names; on failure deletes what it made. */
  Outcome snapshot(HomeJob job);

  /** Deletes {@code artifacts}, or when empty whatever this restore point's names are; what is missing is fine. */
  void delete(HomeJob job, List<Artifact> artifacts);

  /** Checks the snapshots exist and says what restoring them does. Changes nothing. */
  dev.runbook.workflows.home.HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts);

  /** Puts the snapshots in place, keeping the current home aside where it can; returns where it kept it. Idempotent. */
  List<String> restore(HomeJob job, List<Artifact> artifacts);

  /** Puts the kept home back; a no-op when nothing was kept. */
  void undoRestore(HomeJob job, List<Artifact> artifacts);
}
