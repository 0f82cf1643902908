package dev.runbook.activities.database.rds;

import dev.runbook.activities.aws.AwsClients;
import dev.runbook.activities.aws.RunLabels;
import dev.runbook.activities.database.DatabaseJob;
import dev.runbook.activities.database.DatabaseProvider;
import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.Artifact;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The {@code rds} database provider: a tagged manual snapshot of the RDS instance or Aurora cluster,
 * and a restore that swaps a restored copy in under the same identifier, keeping the current one
 * (see {@link RdsDatabase}). API calls only: no shell is opened on the configured host.
 */
public final class RdsProvider implements DatabaseProvider {
  private static final Pattern STAMP = Pattern.compile("(\\d{14})$");

  private final RdsConfig config;

  public RdsProvider(RdsConfig config) {
    this.config = config;
  }

  private <T> T with(Function<RdsDatabase, T> work) {
    try (RdsClient rds = AwsClients.rds(config.region(), config.endpoint())) {
      // Polls every 5 s, or every runbook.aws.pollMillis.
      return work.apply(RdsDatabase.of(rds, config, Duration.ofMillis(Long.getLong("runbook.aws.pollMillis", 5_000))));
    }
  }

  @Override
  public DatabaseCheck check(DatabaseJob job, long expectedBytes) {
    return new DatabaseCheck(config.provider(), with(RdsDatabase::check));
  }

  @Override
  public DatabaseDump dump(DatabaseJob job) {
    Instant started = Instant.now();
    Consumer<String> progress = line -> job.host().heartbeat();
    RunLabels labels = new RunLabels(job.instance().name(), job.restorePointId(), run(job.restorePointId()));
    String id = with(db -> {
      // A retried step finds this run's snapshot and waits for it: one still being created cannot be deleted.
      try {
        return db.snapshot(labels, progress);
      } catch (RuntimeException e) {
        db.deleteRun(labels.instance(), labels.runId()); // exactly what this run made
        throw e;
      }
    });
    Instant ended = Instant.now();
    return new DatabaseDump(new Artifact("db", Artifact.DATABASE, config.provider(), job.host().hostName(),
        config.region() + "/" + id, null, Duration.between(started, ended).toMillis()), started, ended);
  }

  @Override
  public DatabaseRestorePlan planRestore(DatabaseJob job, DatabaseRestoreRequest request) {
    if (!request.replace()) {
      throw DatabaseJob.precondition(config.identifier() + " exists: a restore swaps a restored copy in under its "
          + "identifier (keeping the current one), which needs --replace-database");
    }
    List<String> lines = with(db -> db.planRestore(snapshotOf(request), stamp(request)));
    return new DatabaseRestorePlan(config.identifier(), true, lines);
  }

  @Override
  public DatabaseRestore restore(DatabaseJob job, DatabaseRestoreRequest request) {
    RunLabels labels = new RunLabels(job.instance().name(), request.restorePointId(), restoreRun(job, request));
    RdsDatabase.Names n = with(db -> db.restore(snapshotOf(request), labels, stamp(request), line -> job.host().heartbeat()));
    return new DatabaseRestore(n.kept());
  }

  @Override
  public void undoRestore(DatabaseJob job, DatabaseRestoreRequest request) {
    RunLabels labels = new RunLabels(job.instance().name(), request.restorePointId(), restoreRun(job, request));
    with(db -> {
      db.undo(labels, stamp(request), line -> job.host().heartbeat());
      return null;
    });
  }

  @Override
  public void delete(DatabaseJob job, List<Artifact> artifacts) {
    // By exact tags, whatever the artifacts say: only this restore point's snapshots go.
    with(db -> db.deleteRestorePoint(job.instance().name(), job.restorePointId()));
  }

  private static String snapshotOf(DatabaseRestoreRequest request) {
    return request.artifacts().stream().filter(a -> "db".equals(a.name())).findFirst()
        .map(a -> a.location().substring(a.location().indexOf('/') + 1))
        .orElseThrow(() -> DatabaseJob.precondition("restore point " + request.restorePointId() + " has no database snapshot"));
  }

  /** The run's keep stamp, the digits the keep suffix ends with. */
  private static String stamp(DatabaseRestoreRequest request) {
    Matcher m = STAMP.matcher(request.keepSuffix() == null ? "" : request.keepSuffix());
    if (!m.find()) {
      throw DatabaseJob.precondition("a database restore needs the run's keep suffix ending in yyyyMMddHHmmss, got "
          + request.keepSuffix());
    }
    return m.group(1);
  }

  private static String restoreRun(DatabaseJob job, DatabaseRestoreRequest request) {
    return job.instance().name() + "@" + stamp(request);
  }

  private static String run(String fallback) {
    try {
      return Activity.getExecutionContext().getInfo().getRunId();
    } catch (IllegalStateException e) {
      return fallback;
    }
  }
}
