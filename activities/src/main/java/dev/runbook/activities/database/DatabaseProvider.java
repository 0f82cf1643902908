package dev.runbook.activities.database;

import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.KeptAside;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * One way of backing up and restoring the database: one package per provider
 * ({@code dev.runbook.activities.database.<name>}) holding its configuration record and this,
 * registered in {@link dev.runbook.activities.providers.Providers}. Implementations run on the
 * database's host, one call per activity attempt, so every method must be safe to run again after a
 * partial attempt. A provider that only calls an API (a managed database) never touches
 * {@link DatabaseJob#shell()}, and no shell is opened. See docs/providers.md.
 */
public interface DatabaseProvider {
  /** Checks its preconditions, with room for a backup of {@code expectedBytes}; returns evidence. Changes nothing. */
  DatabaseCheck check(DatabaseJob job, long expectedBytes);

  /** Backs the database up under {@link DatabaseJob#restorePointId()}; a retry starts from nothing. */
  DatabaseDump dump(DatabaseJob job);

  /** Checks the backup exists and says what restoring it does. Changes nothing. */
  DatabaseRestorePlan planRestore(DatabaseJob job, DatabaseRestoreRequest request);

  /**
   * Restores the backup, keeping the current database aside (under the request's keep suffix)
   * where it can; says what it kept. Idempotent.
   */
  DatabaseRestore restore(DatabaseJob job, DatabaseRestoreRequest request);

  /** Puts the kept database back; a no-op when nothing was kept. */
  void undoRestore(DatabaseJob job, DatabaseRestoreRequest request);

  /**
   * Deletes {@code artifacts} of {@link DatabaseJob#restorePointId()} (retention, a failed backup's
   * undo); refuses anything that is not this restore point's.
   */
  void delete(DatabaseJob job, List<Artifact> artifacts);

  /**
   * The databases restores kept aside (the instance's database under a keep suffix), oldest first;
   * none for a provider that keeps nothing aside. Changes nothing.
   */
  default List<KeptAside> keptAside(DatabaseJob job) {
    return List.of();
  }

  /** Deletes one database {@link #keptAside} listed; refuses any other name. */
  default void dropKeptAside(DatabaseJob job, String name) {
    throw ApplicationFailure.newNonRetryableFailure("refusing to drop " + name + ": the database provider of "
        + job.instance().name() + " keeps nothing aside", FailureTypes.INVALID_INPUT);
  }

  /**
   * Scratch copies for {@code runbook verify}: restores the restore point's backup ({@code artifacts})
   * where it shares nothing with production, named with {@code scratchName} (a retry starts from
   * nothing), and counts the rows of {@code tables} there. A provider that cannot keeps this default,
   * which says so with a non-retryable {@code NotImplemented}.
   */
  default dev.runbook.workflows.verify.ScratchDatabase restoreScratch(DatabaseJob job, List<Artifact> artifacts,
                                                                     String scratchName, List<String> tables) {
    throw DatabaseJob.notSupported(job, "restoring into a scratch database for restore verification");
  }

  /**
   * Drops what {@link #restoreScratch} made for {@code scratchName}, and nothing else; what is missing
   * is fine. The default drops nothing, as the default restore makes nothing.
   */
  default void dropScratch(DatabaseJob job, String scratchName) {}
}
