package dev.runbook.activities.database.fslevel;

import dev.runbook.activities.database.DatabaseJob;
import dev.runbook.activities.database.DatabaseProvider;
import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;

/**
 * The database is on the home volume, so the home snapshot holds it and the home restore brings it
 * back: every step here only records that. Runs no command.
 */
public final class FsLevelProvider implements DatabaseProvider {
  private final FsLevelConfig config;

  public FsLevelProvider(FsLevelConfig config) {
    this.config = config;
  }

  @Override
  public DatabaseCheck check(DatabaseJob job, long expectedBytes) {
    return new DatabaseCheck(config.provider(), List.of(config.dataDirectory()
        + ": on the home volume, captured by the home snapshot"));
  }

  @Override
  public DatabaseDump dump(DatabaseJob job) {
    Instant now = Instant.now();
    return new DatabaseDump(new Artifact("db", Artifact.DATABASE, config.provider(), job.host().hostName(),
        "in the home snapshot: " + config.dataDirectory(), null, 0), now, now);
  }

  @Override
  public DatabaseRestorePlan planRestore(DatabaseJob job, DatabaseRestoreRequest request) {
    return new DatabaseRestorePlan(config.dataDirectory(), false, List.of("restored with the home (postgresql-fslevel: "
        + config.dataDirectory() + " is on a home mount)"));
  }

  @Override
  public DatabaseRestore restore(DatabaseJob job, DatabaseRestoreRequest request) {
    return new DatabaseRestore(null); // the home restore brought it back
  }

  @Override
  public void undoRestore(DatabaseJob job, DatabaseRestoreRequest request) {
    // The home's undo puts it back.
  }

  @Override
  public void delete(DatabaseJob job, List<Artifact> artifacts) {
    // Nothing of its own: the home snapshot's deletion deletes it.
  }
}
