package dev.runbook.workflows.database;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.home.KeptAside;
import dev.runbook.workflows.home.KeptAsideList;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The instance's database, on its database host. Credentials are resolved there, by reference, and
 * reach {@code pg_dump} through its environment, never its command line.
 *
 * <p>Failures as {@link dev.runbook.workflows.home.HomeActivities}; {@link FailureTypes#SECRET_MISSING}
 * is not retryable.
 */
@ActivityInterface
public interface DatabaseActivities {
  /** Database reachable, backup directory writable with room for the last dump's size. Changes nothing. */
  @ActivityMethod(name = "CheckDatabase")
  DatabaseCheck checkDatabase(DatabaseRequest request);

  /** Dumps the database into {@code <backupRoot>/<restore point>/db}, written under a temporary name first. Heartbeats. */
  @ActivityMethod(name = "DumpDatabase")
  DatabaseDump dumpDatabase(DatabaseRequest request);

  /** Checks the dump exists and whether the target database does; says what a restore would do. Changes nothing. */
  @ActivityMethod(name = "PlanDatabaseRestore")
  DatabaseRestorePlan planRestore(DatabaseRestoreRequest request);

  /**
   * Restores the dump ({@code pg_restore --create}). Never over an existing database unless the
   * request says replace; then the existing one is renamed to {@code <name><keepSuffix>} first, after its
   * connections are terminated. If pg_restore fails, the half-restored database is dropped and the
   * previous one renamed back before the step fails. Idempotent.
   */
  @ActivityMethod(name = "RestoreDatabase")
  DatabaseRestore restoreDatabase(DatabaseRestoreRequest request);

  /** Drops the restored database and renames the kept one back; succeeds when there is nothing to undo. */
  @ActivityMethod(name = "UndoDatabaseRestore")
  void undoRestore(DatabaseRestoreRequest request);

  /** Deletes the restore point's dump; deleting what is not there succeeds. */
  @ActivityMethod(name = "DeleteDatabaseDump")
  void deleteDatabaseDump(DatabaseRequest request);

  /** Lists the databases restores kept aside ({@code <name>_pre_restore_<stamp>}). Changes nothing. */
  @ActivityMethod(name = "ListKeptAsideDatabases")
  KeptAsideList keptAsideDatabases(DatabaseRequest request);

  /** Drops one kept-aside database, refusing any name that is not {@code <configured name>_pre_restore_<stamp>}. */
  @ActivityMethod(name = "DropKeptAsideDatabase")
  void dropKeptAsideDatabase(KeptAside kept);

  /**
   * Restores the restore point's dump into a scratch database that shares nothing with production
   * (never the instance's own database) and counts the rows of the key tables ({@code verify.tables})
   * there. Providers without a way say so with {@link FailureTypes#NOT_IMPLEMENTED}. A retry starts
   * from nothing. Heartbeats.
   */
  @ActivityMethod(name = "RestoreScratchDatabase")
  dev.runbook.workflows.verify.ScratchDatabase restoreScratchDatabase(dev.runbook.workflows.verify.ScratchRequest request);

  /** Drops this run's scratch database; dropping what is not there succeeds. */
  @ActivityMethod(name = "DropScratchDatabase")
  void dropScratchDatabase(dev.runbook.workflows.verify.ScratchRequest request);
}
