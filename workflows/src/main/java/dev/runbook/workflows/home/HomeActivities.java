package dev.runbook.workflows.home;

import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The instance's shared home, on the host that owns its mounts (agent, or SSH through the control
 * worker). The provider and mounts come from that process's own configuration.
 *
 * <p>Failures: {@link FailureTypes#PRECONDITION_FAILED}, {@link FailureTypes#FREEZE_EXCEEDED},
 * {@link FailureTypes#WRONG_HOST}, {@link FailureTypes#NOT_IMPLEMENTED}, {@link FailureTypes#CONFIG_INVALID},
 * {@link FailureTypes#HOST_KEY_REJECTED}, {@link FailureTypes#SSH_AUTH_FAILED} are not retryable;
 * {@link FailureTypes#COMMAND_FAILED}, {@link FailureTypes#COMMAND_TIMED_OUT},
 * {@link FailureTypes#HOST_UNREACHABLE} are.
 */
@ActivityInterface
public interface HomeActivities {
  /** The provider's own check: mounts exist and are what the provider needs, its tools are there. Changes nothing. */
  @ActivityMethod(name = "CheckHome")
  HomeCheck checkHome(HomeRequest request);

  /**
   * Takes the snapshot of every mount, named after the restore point. Freeze, snapshot and thaw
   * happen inside this one step, with a watchdog process that thaws the mounts after
   * {@code maxFreeze} even if this process dies. On failure it deletes what it made. Heartbeats.
   */
  @ActivityMethod(name = "SnapshotHome")
  HomeSnapshot snapshotHome(HomeRequest request);

  /**
   * Checks that the restore point's snapshots (the request's artifacts) exist and says what restoring
   * them would do. Changes nothing.
   */
  @ActivityMethod(name = "PlanHomeRestore")
  HomeRestorePlan planRestore(HomeRequest request);

  /**
   * Puts the restore point's home in place, keeping the current home aside
   * ({@code <mount>.pre-restore-<keepStamp>}, unique to the run) where the provider can. Idempotent: a retry after a
   * completed move does not move again. Heartbeats.
   */
  @ActivityMethod(name = "RestoreHome")
  HomeRestore restoreHome(HomeRequest request);

  /** Puts the home that {@link #restoreHome} kept aside back in place; succeeds when there is nothing to undo. */
  @ActivityMethod(name = "UndoHomeRestore")
  void undoRestore(HomeRequest request);

  /** Deletes the restore point's home snapshots; deleting what is not there succeeds. Heartbeats. */
  @ActivityMethod(name = "DeleteHomeSnapshot")
  void deleteHomeSnapshot(HomeRequest request);

  /**
   * Thaws every configured mount of the instance that is frozen, for providers that freeze
   * ({@code command} with {@code freeze: true}); a mount that is not frozen is left alone. Used by
   * {@code runbook sweep} only when no open run holds the instance.
   */
  @ActivityMethod(name = "ThawHome")
  HomeThaw thawHome(HomeRequest request);

  /**
   * Lists what restores kept aside next to the instance's mounts ({@code <mount>.pre-restore-<stamp>}), or, for a
   * request about a Mesh node, next to that node's mounts (each then names the node). Changes nothing.
   */
  @ActivityMethod(name = "ListKeptAsideHomes")
  KeptAsideList keptAsideHomes(HomeRequest request);

  /**
   * Deletes one kept-aside home, refusing any path that is not {@code <configured mount>.pre-restore-<stamp>}: of the
   * shared home, or of Mesh node {@link KeptAside#mesh()}'s home, on that node's host.
   */
  @ActivityMethod(name = "DeleteKeptAsideHome")
  void deleteKeptAsideHome(KeptAside kept);

  /**
   * Makes a writable clone of each of the restore point's home snapshots in scratch space that shares
   * nothing writable with production (btrfs: a writable snapshot of the read-only one; providers
   * without a way say so with {@link FailureTypes#NOT_IMPLEMENTED}). Idempotent. Heartbeats.
   */
  @ActivityMethod(name = "CloneHomeToScratch")
  dev.runbook.workflows.verify.ScratchHome cloneHomeToScratch(dev.runbook.workflows.verify.ScratchRequest request);

  /**
   * Runs {@code git fsck --connectivity-only} on a sample of the repositories in the scratch clones
   * ({@code verify.repositories} of the instance). Changes nothing but the scratch clones. Heartbeats.
   */
  @ActivityMethod(name = "CheckScratchRepositories")
  dev.runbook.workflows.verify.RepositoryCheck checkScratchRepositories(dev.runbook.workflows.verify.ScratchRequest request);

  /** Deletes this run's scratch clones; deleting what is not there succeeds. */
  @ActivityMethod(name = "DeleteHomeScratch")
  void deleteHomeScratch(dev.runbook.workflows.verify.ScratchRequest request);
}
