package dev.runbook.activities.database.postgresql;

import dev.runbook.activities.database.DatabaseJob;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.verify.ScratchDatabase;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restore point's dump restored into a scratch database on the same cluster,
 * {@code <name>_<scratch label>}, never the instance's own database: created empty, filled with
 * {@code pg_restore --no-owner --no-acl}, counted, and dropped by the label alone.
 */
final class PgScratch {
  private static final Duration RESTORE_TIMEOUT = Duration.ofHours(12);
  private static final Duration COUNT_TIMEOUT = Duration.ofHours(1);

  private final PgDumpProvider provider;
  private final PostgresqlConfig pg;

  PgScratch(PgDumpProvider provider, PostgresqlConfig pg) {
    this.provider = provider;
    this.pg = pg;
  }

  /** The scratch database's name; refused when PostgreSQL would cut it or it could be production's. */
  String name(String scratchName) {
    String name = pg.name() + "_" + scratchName;
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
      name = scratchName; // still unique to the run, and never the production name
    }
    if (name.equals(pg.name())) {
      throw DatabaseJob.precondition("the scratch database would be " + pg.name() + " itself");
    }
    return name;
  }

  ScratchDatabase restore(DatabaseJob job, List<Artifact> artifacts, String scratchName, List<String> tables) {
    String dump = provider.dumpOf(new DatabaseRestoreRequest(job.host().hostName(), job.instance().name(),
        job.restorePointId(), artifacts, false, ""));
    if (!job.run(Command.of(Duration.ofSeconds(30), "test", "-f", dump + "/toc.dat")).ok()) {
      throw DatabaseJob.precondition("dump " + dump + " of restore point " + job.restorePointId() + " is missing on "
          + job.host().hostName());
    }
    String name = name(scratchName);
    drop(job, scratchName); // a retried step starts from nothing
    provider.sql(job, "CREATE DATABASE " + PgDumpProvider.ident(name) + " TEMPLATE template0");
    CommandResult r = job.run(new Command(List.of("pg_restore", "--no-owner", "--no-acl", "--exit-on-error",
        "--no-password", "--jobs=" + pg.jobs(), "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(),
        "--dbname=" + name, dump), false, RESTORE_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), provider.password(job)));
    if (!r.ok()) {
      throw ApplicationFailure.newNonRetryableFailure("pg_restore of " + dump + " into scratch database " + name
          + " failed on " + job.host().hostName() + ": " + r.lastLine(), FailureTypes.COMMAND_FAILED);
    }
    return count(job, name, tables);
  }

  private ScratchDatabase count(DatabaseJob job, String name, List<String> tables) {
    List<String> present = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String t : tables) {
      String found = in(job, name, "SELECT count(*) FROM pg_class WHERE relkind IN ('r', 'p') AND relname = "
          + PgDumpProvider.literal(t) + " AND pg_table_is_visible(oid)", Duration.ofMinutes(1)).strip();
      (found.equals("0") ? missing : present).add(t);
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String t : present) {
      counts.put(t, Long.parseLong(in(job, name, "SELECT count(*) FROM " + PgDumpProvider.ident(t), COUNT_TIMEOUT).strip()));
    }
    return new ScratchDatabase(name, counts, missing);
  }

  /** Runs one query in database {@code db}; its output without alignment. */
  private String in(DatabaseJob job, String db, String query, Duration timeout) {
    return job.must(new Command(List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--no-password",
        "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(), "--dbname=" + db, "--command=" + query),
        false, timeout, Map.of("PGCONNECT_TIMEOUT", "10"), provider.password(job))).stdout();
  }

  void drop(DatabaseJob job, String scratchName) {
    String name = name(scratchName);
    if (provider.exists(job, name)) {
      provider.drop(job, name);
    }
  }
}
