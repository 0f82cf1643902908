package dev.runbook.activities.database.postgresql;

import dev.runbook.activities.database.DatabaseJob;
import dev.runbook.activities.database.DatabaseProvider;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.KeptAside;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pg_dump -Fd -j N} into {@code <backupRoot>/<restore point>/db}, written as
 * {@code db.partial} and renamed when complete; the password reaches pg_dump as PGPASSWORD in its
 * environment, never on its command line. A restore keeps the current database under the run's
 * keep suffix and recreates it with {@code pg_restore --create}; undo renames it back.
 */
public final class PgDumpProvider implements DatabaseProvider {
  private static final DateTimeFormatter KEEP_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DUMP_TIMEOUT = Duration.ofHours(12);
  /** A dump gets this much more room than the last one took, for growth. */
  static final double HEADROOM = 1.2;

  private final PostgresqlConfig pg;

  public PgDumpProvider(PostgresqlConfig config) {
    this.pg = config;
  }

  @Override
  public DatabaseCheck check(DatabaseJob job, long expectedBytes) {
    List<String> evidence = new ArrayList<>();
    // One shell for the three questions (each process started costs): the backup directory (exit 3: missing or
    // not writable), its free space (df -P: a header and one line; exit 4: df failed), then psql, whose own exit
    // code (0, 1 or 2; never 3 or 4 without ON_ERROR_STOP) ends the shell.
    Command psql = psql(job, "SELECT current_setting('server_version')");
    List<String> argv = new ArrayList<>(List.of("sh", "-c", "test -d \"$1\" -a -w \"$1\" || exit 3; df -P -B1 \"$1\" || exit 4; "
        + "shift; exec \"$@\"", "runbook-check", pg.backupRoot()));
    argv.addAll(psql.argv());
    CommandResult checked = job.run(new Command(argv, false, CHECK_TIMEOUT, psql.env(), psql.secretEnv()));
    if (checked.exitCode() == 3) {
      throw DatabaseJob.precondition("backup directory " + pg.backupRoot() + " is missing or not writable on "
          + job.host().hostName());
    }
    if (checked.exitCode() == 4) {
      throw ApplicationFailure.newFailure("df " + pg.backupRoot() + " failed on " + job.host().hostName() + ": "
          + checked.lastLine(), FailureTypes.COMMAND_FAILED);
    }
    if (!checked.ok()) {
      throw DatabaseJob.precondition("database " + pg.name() + " at " + pg.address() + ":" + pg.port()
          + " is not reachable as " + pg.user() + ": " + checked.lastLine());
    }
    String[] lines = checked.stdout().strip().split("\n");
    evidence.add("PostgreSQL " + String.join(" ", List.of(lines).subList(2, lines.length)).strip() + " at " + pg.address()
        + ":" + pg.port() + ", database " + pg.name() + " as " + pg.user());
    long free = Long.parseLong(lines[1].trim().split("\\s+")[3]);
    long needed = (long) (expectedBytes * HEADROOM);
    if (free < needed) {
      throw DatabaseJob.precondition(pg.backupRoot() + " has " + free + " bytes free; the last dump took "
          + expectedBytes + " (needs " + needed + " with room to grow)");
    }
    evidence.add(pg.backupRoot() + ": writable, " + free + " bytes free"
        + (expectedBytes > 0 ? " (last dump " + expectedBytes + ")" : ""));
    return new DatabaseCheck(pg.provider(), evidence);
  }

  @Override
  public DatabaseDump dump(DatabaseJob job) {
    String dir = pg.backupRoot() + "/" + job.restorePointId();
    // A retried step starts from nothing, also when the first attempt got as far as the rename. The
    // clearing, pg_dump, the rename and du share one shell: each process started costs. pg_dump's own exit
    // code ends the shell when it fails; exit 91: the rename or du failed after a complete dump.
    Instant started = Instant.now();
    List<String> dump = new ArrayList<>(List.of("sh", "-c", "rm -rf -- \"$1/db.partial\" \"$1/db\" && mkdir -p \"$1\" || exit; "
        + "d=$1; shift; \"$@\" || exit; mv -T \"$d/db.partial\" \"$d/db\" && du -sb \"$d/db\" || exit 91",
        "runbook-dump", dir, "pg_dump", "--format=directory", "--jobs=" + pg.jobs(), "--no-password",
        "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(), "--dbname=" + pg.name(),
        "--file=" + dir + "/db.partial"));
    CommandResult dumped = job.run(new Command(dump, false, DUMP_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), password(job)));
    if (dumped.exitCode() == 91) {
      throw ApplicationFailure.newFailure("moving the complete dump to " + dir + "/db failed on " + job.host().hostName()
          + ": " + dumped.lastLine(), FailureTypes.COMMAND_FAILED);
    }
    if (!dumped.ok()) {
      throw ApplicationFailure.newFailure("pg_dump exited " + dumped.exitCode() + " on " + job.host().hostName()
          + (dumped.lastLine().isEmpty() ? "" : ": " + dumped.lastLine()), FailureTypes.COMMAND_FAILED);
    }
    Instant ended = Instant.now();
    String[] out = dumped.stdout().strip().split("\n");
    long bytes = Long.parseLong(out[out.length - 1].strip().split("\\s+")[0]);
    return new DatabaseDump(new Artifact("db", Artifact.DATABASE, pg.provider(), job.host().hostName(), dir + "/db", bytes,
        Duration.between(started, ended).toMillis()), started, ended);
  }

  @Override
  public DatabaseRestorePlan planRestore(DatabaseJob job, DatabaseRestoreRequest request) {
    String dump = dumpOf(request);
    if (!job.run(Command.of(CHECK_TIMEOUT, "test", "-f", dump + "/toc.dat")).ok()) {
      throw DatabaseJob.precondition("dump " + dump + " of restore point " + request.restorePointId()
          + " is missing on " + job.host().hostName());
    }
    boolean exists = exists(job, pg.name());
    List<String> lines = new ArrayList<>();
    if (exists && request.replace()) {
      keptName(pg, request);
    }
    if (exists) {
      lines.add(request.replace() ? "terminate the connections to " + pg.name() + " and keep it as " + pg.name()
          + request.keepSuffix() : pg.name() + " exists: refused without --replace-database");
    }
    lines.add("pg_restore --create --jobs=" + pg.jobs() + " " + dump + " recreates " + pg.name());
    return new DatabaseRestorePlan(pg.name(), exists, lines);
  }

  /**
   * The name the existing database is kept under. PostgreSQL cuts names at 63 bytes, so a longer one
   * would be renamed to a name nothing looks for, and the undo would not find the previous database.
   */
  static String keptName(PostgresqlConfig pg, DatabaseRestoreRequest request) {
    String kept = pg.name() + request.keepSuffix();
    if (kept.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
      throw DatabaseJob.precondition("database " + pg.name() + " cannot be kept as " + kept
          + ": PostgreSQL names are at most 63 bytes; rename the database or restore into a new name");
    }
    return kept;
  }

  @Override
  public DatabaseRestore restore(DatabaseJob job, DatabaseRestoreRequest request) {
    String kept = keptName(pg, request);
    String dump = dumpOf(request);
    // Both questions in one psql, and the terminate and rename in another: each process started costs.
    String[] found = sql(job, "SELECT (SELECT count(*) FROM pg_database WHERE datname = " + literal(kept) + "), "
        + "(SELECT count(*) FROM pg_database WHERE datname = " + literal(pg.name()) + ")").stdout().strip().split("\\|");
    boolean keptExists = "1".equals(found[0]);
    if ("1".equals(found[1])) {
      if (keptExists) {
        // A retry: the previous database is safe under its kept name; this one is a partial restore.
        drop(job, pg.name());
      } else if (!request.replace()) {
        throw DatabaseJob.precondition("database " + pg.name() + " exists; a restore never writes "
            + "over it without --replace-database");
      } else {
        sql(job, terminate(pg.name()), "ALTER DATABASE " + ident(pg.name()) + " RENAME TO " + ident(kept));
        keptExists = true;
      }
    }
    CommandResult r = job.run(new Command(List.of("pg_restore", "--create", "--exit-on-error", "--no-password",
        "--jobs=" + pg.jobs(), "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(),
        "--dbname=postgres", dump), false, DUMP_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), password(job)));
    if (!r.ok()) {
      // Leave the database as it was before this step: drop the half-restored one, put the previous one back.
      if (exists(job, pg.name())) {
        drop(job, pg.name());
      }
      if (keptExists) {
        sql(job, "ALTER DATABASE " + ident(kept) + " RENAME TO " + ident(pg.name()));
      }
      throw ApplicationFailure.newNonRetryableFailure("pg_restore of " + dump + " failed on " + job.host().hostName() + ": "
          + r.lastLine() + "; " + pg.name() + " is as it was before", FailureTypes.COMMAND_FAILED);
    }
    return new DatabaseRestore(keptExists ? kept : null);
  }

  @Override
  public void undoRestore(DatabaseJob job, DatabaseRestoreRequest request) {
    String kept = keptName(pg, request);
    if (exists(job, kept)) {
      if (exists(job, pg.name())) {
        drop(job, pg.name());
      }
      sql(job, "ALTER DATABASE " + ident(kept) + " RENAME TO " + ident(pg.name()));
    }
  }

  @Override
  public dev.runbook.workflows.verify.ScratchDatabase restoreScratch(DatabaseJob job, List<Artifact> artifacts,
                                                                    String scratchName, List<String> tables) {
    return new PgScratch(this, pg).restore(job, artifacts, scratchName, tables);
  }

  @Override
  public void dropScratch(DatabaseJob job, String scratchName) {
    new PgScratch(this, pg).drop(job, scratchName);
  }

  @Override
  public void delete(DatabaseJob job, List<Artifact> artifacts) {
    String dir = pg.backupRoot() + "/" + job.restorePointId();
    for (Artifact a : artifacts) {
      if (!a.location().equals(dir + "/db")) {
        throw DatabaseJob.precondition("refusing to delete " + a.location() + ": not the dump of "
            + job.restorePointId() + " in " + pg.backupRoot());
      }
    }
    job.must(Command.of(Duration.ofMinutes(30), "rm", "-rf", "--", dir));
  }

  @Override
  public List<KeptAside> keptAside(DatabaseJob job) {
    Pattern kept = keptPattern();
    List<KeptAside> out = new ArrayList<>();
    for (String name : sql(job, "SELECT datname FROM pg_database ORDER BY datname").stdout().lines().toList()) {
      Matcher m = kept.matcher(name.strip());
      if (m.matches()) {
        out.add(new KeptAside(job.host().hostName(), job.instance().name(), KeptAside.DATABASE, m.group(),
            LocalDateTime.parse(m.group(1), KEEP_STAMP).toInstant(ZoneOffset.UTC)));
      }
    }
    out.sort(java.util.Comparator.comparing(KeptAside::keptAt));
    return out;
  }

  @Override
  public void dropKeptAside(DatabaseJob job, String name) {
    if (!keptPattern().matcher(name).matches()) {
      throw ApplicationFailure.newNonRetryableFailure("refusing to drop " + name + ": not a database a restore of "
          + job.instance().name() + " kept aside (" + pg.name() + "_pre_restore_<stamp>)", FailureTypes.INVALID_INPUT);
    }
    drop(job, name);
  }

  /** {@code <name>_pre_restore_<yyyyMMddHHmmss>}: what {@link #restore} keeps an existing database as. */
  private Pattern keptPattern() {
    return Pattern.compile(Pattern.quote(pg.name() + "_pre_restore_") + "(\\d{14})");
  }

  String dumpOf(DatabaseRestoreRequest request) {
    String expected = pg.backupRoot() + "/" + request.restorePointId() + "/db";
    for (Artifact a : request.artifacts()) {
      if (!a.location().equals(expected)) {
        throw DatabaseJob.precondition("dump " + a.location() + " is not where this configuration keeps "
            + "the dumps of " + request.restorePointId() + " (" + expected + ")");
      }
    }
    return expected;
  }

  boolean exists(DatabaseJob job, String name) {
    return "1".equals(sql(job, "SELECT 1 FROM pg_database WHERE datname = " + literal(name)).stdout().strip());
  }

  void drop(DatabaseJob job, String name) {
    sql(job, terminate(name), "DROP DATABASE IF EXISTS " + ident(name));
  }

  private static String terminate(String name) {
    return "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = " + literal(name)
        + " AND pid <> pg_backend_pid()";
  }

  /** Runs SQL in the maintenance database {@code postgres}; fails the step when psql does. */
  CommandResult sql(DatabaseJob job, String... statements) {
    List<String> argv = new ArrayList<>(List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--no-password",
        "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(), "--dbname=postgres"));
    for (String statement : statements) {
      argv.add("--command=" + statement); // each in its own transaction; the first to fail stops psql
    }
    return job.must(new Command(argv, false, CHECK_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), password(job)));
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private Command psql(DatabaseJob job, String sql) {
    return new Command(List.of("psql", "-X", "-A", "-t", "--no-password", "--host=" + pg.address(), "--port=" + pg.port(),
        "--username=" + pg.user(), "--dbname=" + pg.name(), "--command=" + sql), false, CHECK_TIMEOUT,
        Map.of("PGCONNECT_TIMEOUT", "10"), password(job));
  }

  Map<String, String> password(DatabaseJob job) {
    if (pg.password() == null) {
      return Map.of();
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGPASSWORD", job.secret("database.password", pg.password()));
    return env;
  }

}
