package dev.runbook.activities.home;

import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeRestorePlan;
import java.time.Instant;
import java.util.List;

/**
 * One way of snapshotting the home mounts: one package per provider
 * ({@code dev.runbook.activities.home.<name>}) holding its configuration record and this, registered
 * in {@link dev.runbook.activities.providers.Providers}. Implementations run on the host that owns
 * the mounts, one call per activity attempt, so every method must be safe to run again after a
 * partial attempt. See docs/providers.md.
 *
 * <p>A provider owns its freeze window: it looks up everything it can first, runs only the snapshot
 * requests inside {@link Freezer#around} (whose watchdog thaws even if this process dies), and waits
 * for slow snapshots to complete after the thaw, heartbeating through {@link HomeJob#host()}.
 * A provider that only calls an API never touches {@link HomeJob#shell()}, and no shell is opened.
 */
public interface SnapshotProvider {
  /** What the snapshot made, and when the mounts were frozen (both null when they were not). */
  record Outcome(List<Artifact> artifacts, Instant freezeStartedAt, Instant freezeEndedAt) {}

  /** Checks its preconditions and returns evidence; throws {@code PreconditionFailed}. Changes nothing. */
  List<String> check(HomeJob job);

  /** Snapshots every mount under the restore point's names; on failure deletes what it made. */
  Outcome snapshot(HomeJob job);

  /**
   * Deletes {@code artifacts}, or when empty whatever this restore point's names are; what is missing
   * is fine. Retention and a failed backup's undo both come here, so it deletes only what belongs to
   * {@link HomeJob#restorePointId()} of this instance.
   */
  void delete(HomeJob job, List<Artifact> artifacts);

  /** Checks the snapshots exist and says what restoring them does, and whether it can be undone. Changes nothing. */
  HomeRestorePlan planRestore(HomeJob job, List<Artifact> artifacts);

  /**
   * Puts the snapshots in place, keeping the current home aside under the run's
   * {@link HomeJob#keepStamp()} where it can; returns where it kept it. Idempotent.
   */
  List<String> restore(HomeJob job, List<Artifact> artifacts);

  /** Puts the kept home back; a no-op when nothing was kept. */
  void undoRestore(HomeJob job, List<Artifact> artifacts);

  /**
   * Scratch copies for {@code runbook verify}: makes a writable clone of each of {@code artifacts} that
   * shares nothing writable with production, named with {@code scratchName} (a retry replaces what an
   * earlier attempt made), and returns their paths in the artifacts' order. A provider that cannot
   * keeps this default, which says so with a non-retryable {@code NotImplemented}.
   */
  default List<String> cloneToScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {
    throw HomeJob.notSupported(job, "a writable clone of its snapshots for restore verification");
  }

  /** The paths {@link #cloneToScratch} makes for these artifacts; makes nothing. */
  default List<String> scratchPaths(HomeJob job, List<Artifact> artifacts, String scratchName) {
    throw HomeJob.notSupported(job, "a writable clone of its snapshots for restore verification");
  }

  /**
   * Deletes what {@link #cloneToScratch} made for {@code scratchName}, and nothing else; what is missing
   * is fine. The default deletes nothing, as the default clone makes nothing.
   */
  default void deleteScratch(HomeJob job, List<Artifact> artifacts, String scratchName) {}
}
