package dev.runbook.activities.database;

import dev.runbook.activities.config.DatabaseConfig;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.activities.exec.Command;
import dev.runbook.activities.exec.CommandResult;
import dev.runbook.activities.exec.HostShell;
import dev.runbook.activities.host.ApprovalCheck;
import dev.runbook.activities.host.HostContext;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.backup.RestorePointIds;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseCheck;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.Artifact;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link DatabaseActivities} on the database host. {@code postgresql}: {@code pg_dump -Fd -j N} into
 * {@code <backupRoot>/<restore point>/db}, written as {@code db.partial} and renamed when complete;
 * the password reaches pg_dump as PGPASSWORD in its environment, never on its command line.
 * {@code postgresql-fslevel}: the database is on the home volume, so the home snapshot holds it.
 */
public final class DatabaseActivitiesImpl implements DatabaseActivities {
  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DUMP_TIMEOUT = Duration.ofHours(12);
  /** A dump gets this much more room than the last one took, for growth. */
  static final double HEADROOM = 1.2;

  private final HostContext host;
  private final Secrets secrets;

  public DatabaseActivitiesImpl(HostContext host, Secrets secrets) {
    this.host = host;
    this.secrets = secrets;
  }

  @Override
  public DatabaseCheck checkDatabase(DatabaseRequest request) {
    InstanceConfig in = instance(request, false);
    if (in.database() instanceof DatabaseConfig.PostgresqlFsLevel fs) {
      return new DatabaseCheck(fs.provider(), List.of(fs.dataDirectory() + ": on the home volume, captured by the home snapshot"));
    }
    DatabaseConfig.Postgresql pg = (DatabaseConfig.Postgresql) in.database();
    return host.withShell(shell -> {
      List<String> evidence = new ArrayList<>();
      CommandResult version = shell.run(psql(in, pg, "SELECT current_setting('server_version')"), host::heartbeat);
      if (!version.ok()) {
        throw ApplicationFailure.newNonRetryableFailure("database " + pg.name() + " at " + pg.address() + ":" + pg.port()
            + " is not reachable as " + pg.user() + ": " + version.lastLine(), FailureTypes.PRECONDITION_FAILED);
      }
      evidence.add("PostgreSQL " + version.stdout().strip() + " at " + pg.address() + ":" + pg.port() + ", database "
          + pg.name() + " as " + pg.user());
      if (!shell.run(Command.of(CHECK_TIMEOUT, "test", "-d", pg.backupRoot(), "-a", "-w", pg.backupRoot()), host::heartbeat).ok()) {
        throw ApplicationFailure.newNonRetryableFailure("backup directory " + pg.backupRoot() + " is missing or not writable on "
            + host.hostName(), FailureTypes.PRECONDITION_FAILED);
      }
      long free = freeBytes(shell, pg.backupRoot());
      long needed = (long) (request.expectedBytes() * HEADROOM);
      if (free < needed) {
        throw ApplicationFailure.newNonRetryableFailure(pg.backupRoot() + " has " + free + " bytes free; the last dump took "
            + request.expectedBytes() + " (needs " + needed + " with room to grow)", FailureTypes.PRECONDITION_FAILED);
      }
      evidence.add(pg.backupRoot() + ": writable, " + free + " bytes free"
          + (request.expectedBytes() > 0 ? " (last dump " + request.expectedBytes() + ")" : ""));
      return new DatabaseCheck(pg.provider(), evidence);
    });
  }

  @Override
  public DatabaseDump dumpDatabase(DatabaseRequest request) {
    InstanceConfig in = instance(request, true);
    if (in.database() instanceof DatabaseConfig.PostgresqlFsLevel fs) {
      Instant now = Instant.now();
      return new DatabaseDump(new Artifact("db", Artifact.DATABASE, fs.provider(), host.hostName(),
          "in the home snapshot: " + fs.dataDirectory(), null, 0), now, now);
    }
    DatabaseConfig.Postgresql pg = (DatabaseConfig.Postgresql) in.database();
    String dir = pg.backupRoot() + "/" + request.restorePointId();
    return host.withShell(shell -> {
      // A retried step starts from nothing, also when the first attempt got as far as the rename.
      must(shell, Command.of(CHECK_TIMEOUT, "rm", "-rf", "--", dir + "/db.partial", dir + "/db"));
      must(shell, Command.of(CHECK_TIMEOUT, "mkdir", "-p", dir));
      Instant started = Instant.now();
      must(shell, new Command(List.of("pg_dump", "--format=directory", "--jobs=" + pg.jobs(), "--no-password",
          "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(), "--dbname=" + pg.name(),
          "--file=" + dir + "/db.partial"), false, DUMP_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), password(in, pg)));
      must(shell, Command.of(CHECK_TIMEOUT, "mv", "-T", dir + "/db.partial", dir + "/db"));
      Instant ended = Instant.now();
      CommandResult du = must(shell, Command.of(Duration.ofMinutes(5), "du", "-sb", dir + "/db"));
      long bytes = Long.parseLong(du.stdout().strip().split("\\s+")[0]);
      return new DatabaseDump(new Artifact("db", Artifact.DATABASE, pg.provider(), host.hostName(), dir + "/db", bytes,
          Duration.between(started, ended).toMillis()), started, ended);
    });
  }

  @Override
  public DatabaseRestorePlan planRestore(DatabaseRestoreRequest request) {
    InstanceConfig in = instance(request.host(), request.instance(), request.restorePointId());
    if (in.database() instanceof DatabaseConfig.PostgresqlFsLevel fs) {
      return new DatabaseRestorePlan(fs.dataDirectory(), false, List.of("restored with the home (postgresql-fslevel: "
          + fs.dataDirectory() + " is on a home mount)"));
    }
    DatabaseConfig.Postgresql pg = (DatabaseConfig.Postgresql) in.database();
    String dump = dumpOf(pg, request);
    return host.withShell(shell -> {
      if (!shell.run(Command.of(CHECK_TIMEOUT, "test", "-f", dump + "/toc.dat"), host::heartbeat).ok()) {
        throw ApplicationFailure.newNonRetryableFailure("dump " + dump + " of restore point " + request.restorePointId()
            + " is missing on " + host.hostName(), FailureTypes.PRECONDITION_FAILED);
      }
      boolean exists = exists(shell, in, pg, pg.name());
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
    });
  }

  /**
   * The name the existing database is kept under. PostgreSQL cuts names at 63 bytes, so a longer one
   * would be renamed to a name nothing looks for, and the undo would not find the previous database.
   */
  static String keptName(DatabaseConfig.Postgresql pg, DatabaseRestoreRequest request) {
    String kept = pg.name() + request.keepSuffix();
    if (kept.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
      throw ApplicationFailure.newNonRetryableFailure("database " + pg.name() + " cannot be kept as " + kept
          + ": PostgreSQL names are at most 63 bytes; rename the database or restore into a new name", FailureTypes.PRECONDITION_FAILED);
    }
    return kept;
  }

  @Override
  public DatabaseRestore restoreDatabase(DatabaseRestoreRequest request) {
    InstanceConfig in = instance(request.host(), request.instance(), request.restorePointId());
    ApprovalCheck.requireRestore(host, in, request.proof(), request.restorePointId(), request.replace());
    if (!(in.database() instanceof DatabaseConfig.Postgresql pg)) {
      return new DatabaseRestore(null); // postgresql-fslevel: the home restore brought it back
    }
    String kept = keptName(pg, request);
    String dump = dumpOf(pg, request);
    return host.withShell(shell -> {
      boolean keptExists = exists(shell, in, pg, kept);
      if (exists(shell, in, pg, pg.name())) {
        if (keptExists) {
          // A retry: the previous database is safe under its kept name; this one is a partial restore.
          drop(shell, in, pg, pg.name());
        } else if (!request.replace()) {
          throw ApplicationFailure.newNonRetryableFailure("database " + pg.name() + " exists; a restore never writes "
              + "over it without --replace-database", FailureTypes.PRECONDITION_FAILED);
        } else {
          sql(shell, in, pg, terminate(pg.name()));
          sql(shell, in, pg, "ALTER DATABASE " + ident(pg.name()) + " RENAME TO " + ident(kept));
          keptExists = true;
        }
      }
      CommandResult r = shell.run(new Command(List.of("pg_restore", "--create", "--exit-on-error", "--no-password",
          "--jobs=" + pg.jobs(), "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(),
          "--dbname=postgres", dump), false, DUMP_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), password(in, pg)), host::heartbeat);
      if (!r.ok()) {
        // Leave the database as it was before this step: drop the half-restored one, put the previous one back.
        if (exists(shell, in, pg, pg.name())) {
          drop(shell, in, pg, pg.name());
        }
        if (keptExists) {
          sql(shell, in, pg, "ALTER DATABASE " + ident(kept) + " RENAME TO " + ident(pg.name()));
        }
        throw ApplicationFailure.newNonRetryableFailure("pg_restore of " + dump + " failed on " + host.hostName() + ": "
            + r.lastLine() + "; " + pg.name() + " is as it was before", FailureTypes.COMMAND_FAILED);
      }
      return new DatabaseRestore(keptExists ? kept : null);
    });
  }

  @Override
  public void undoRestore(DatabaseRestoreRequest request) {
    InstanceConfig in = instance(request.host(), request.instance(), request.restorePointId());
    if (!(in.database() instanceof DatabaseConfig.Postgresql pg)) {
      return;
    }
    String kept = keptName(pg, request);
    host.withShell(shell -> {
      if (exists(shell, in, pg, kept)) {
        if (exists(shell, in, pg, pg.name())) {
          drop(shell, in, pg, pg.name());
        }
        sql(shell, in, pg, "ALTER DATABASE " + ident(kept) + " RENAME TO " + ident(pg.name()));
      }
      return null;
    });
  }

  private static String dumpOf(DatabaseConfig.Postgresql pg, DatabaseRestoreRequest request) {
    String expected = pg.backupRoot() + "/" + request.restorePointId() + "/db";
    for (Artifact a : request.artifacts()) {
      if (!a.location().equals(expected)) {
        throw ApplicationFailure.newNonRetryableFailure("dump " + a.location() + " is not where this configuration keeps "
            + "the dumps of " + request.restorePointId() + " (" + expected + ")", FailureTypes.PRECONDITION_FAILED);
      }
    }
    return expected;
  }

  private boolean exists(HostShell shell, InstanceConfig in, DatabaseConfig.Postgresql pg, String name) {
    return "1".equals(sql(shell, in, pg, "SELECT 1 FROM pg_database WHERE datname = " + literal(name)).stdout().strip());
  }

  private void drop(HostShell shell, InstanceConfig in, DatabaseConfig.Postgresql pg, String name) {
    sql(shell, in, pg, terminate(name));
    sql(shell, in, pg, "DROP DATABASE IF EXISTS " + ident(name));
  }

  private static String terminate(String name) {
    return "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = " + literal(name)
        + " AND pid <> pg_backend_pid()";
  }

  /** Runs SQL in the maintenance database {@code postgres}; fails the step when psql does. */
  private CommandResult sql(HostShell shell, InstanceConfig in, DatabaseConfig.Postgresql pg, String statement) {
    return must(shell, new Command(List.of("psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "--no-password",
        "--host=" + pg.address(), "--port=" + pg.port(), "--username=" + pg.user(), "--dbname=postgres",
        "--command=" + statement), false, CHECK_TIMEOUT, Map.of("PGCONNECT_TIMEOUT", "10"), password(in, pg)));
  }

  private static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private InstanceConfig instance(String requestedHost, String instance, String restorePointId) {
    return instance(new DatabaseRequest(requestedHost, instance, restorePointId, List.of(), 0), true);
  }

  @Override
  public void deleteDatabaseDump(DatabaseRequest request) {
    InstanceConfig in = instance(request, true);
    if (!(in.database() instanceof DatabaseConfig.Postgresql pg)) {
      return;
    }
    String dir = pg.backupRoot() + "/" + request.restorePointId();
    for (Artifact a : request.artifacts()) {
      if (!a.location().equals(dir + "/db")) {
        throw ApplicationFailure.newNonRetryableFailure("refusing to delete " + a.location() + ": not the dump of "
            + request.restorePointId() + " in " + pg.backupRoot(), FailureTypes.PRECONDITION_FAILED);
      }
    }
    host.withShell(shell -> must(shell, Command.of(Duration.ofMinutes(30), "rm", "-rf", "--", dir)));
  }

  private InstanceConfig instance(DatabaseRequest request, boolean needsId) {
    host.checkHost(request.host());
    InstanceConfig in = host.instance(request.instance());
    host.requireOwnHost("the database of " + in.name(), in.database().host());
    if (needsId && !RestorePointIds.belongsTo(in.name(), request.restorePointId())) {
      throw ApplicationFailure.newNonRetryableFailure("'" + request.restorePointId() + "' is not a restore point of "
          + in.name(), FailureTypes.INVALID_INPUT);
    }
    return in;
  }

  private Command psql(InstanceConfig in, DatabaseConfig.Postgresql pg, String sql) {
    return new Command(List.of("psql", "-X", "-A", "-t", "--no-password", "--host=" + pg.address(), "--port=" + pg.port(),
        "--username=" + pg.user(), "--dbname=" + pg.name(), "--command=" + sql), false, CHECK_TIMEOUT,
        Map.of("PGCONNECT_TIMEOUT", "10"), password(in, pg));
  }

  private Map<String, String> password(InstanceConfig in, DatabaseConfig.Postgresql pg) {
    if (pg.password() == null) {
      return Map.of();
    }
    try {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PGPASSWORD", secrets.resolve("instance " + in.name() + " database.password", pg.password()));
      return env;
    } catch (Secrets.MissingSecretException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.SECRET_MISSING);
    }
  }

  private long freeBytes(HostShell shell, String dir) {
    CommandResult df = must(shell, Command.of(CHECK_TIMEOUT, "df", "-P", "-B1", dir));
    String[] lines = df.stdout().strip().split("\n");
    return Long.parseLong(lines[lines.length - 1].trim().split("\\s+")[3]);
  }

  private CommandResult must(HostShell shell, Command c) {
    CommandResult r = shell.run(c, host::heartbeat);
    if (!r.ok()) {
      throw ApplicationFailure.newFailure(c.argv().get(0) + " exited " + r.exitCode() + " on " + host.hostName()
          + (r.lastLine().isEmpty() ? "" : ": " + r.lastLine()), FailureTypes.COMMAND_FAILED);
    }
    return r;
  }
}
