package dev.runbook.workflows.database;

import dev.runbook.workflows.FailureTypes;
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

  /** Deletes the restore point's dump; deleting what is not there succeeds. */
  @ActivityMethod(name = "DeleteDatabaseDump")
  void deleteDatabaseDump(DatabaseRequest request);
}
