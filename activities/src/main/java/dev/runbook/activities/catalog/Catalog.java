package dev.runbook.activities.catalog;

import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.catalog.ApprovalRecord;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.catalog.RunFinished;
import dev.runbook.workflows.catalog.RunStarted;
import dev.runbook.workflows.catalog.StepEnded;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.StepOutcome;
import dev.runbook.workflows.run.StepView;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The catalog database (JDBC): runs, their steps, approvals, restore points and artifacts. Works on
 * SQLite (the zero-set-up default) and PostgreSQL (shared deployments); the schema is migrated by
 * Flyway on {@link #open} (writers), never by {@link #openReadOnly} (commands that only read).
 * Thread-safe: each call uses its own connection.
 */
public final class Catalog implements LockRecords {
  private static final String MIGRATIONS = "classpath:dev/runbook/catalog/migration";
  /** The schema version that added the audit columns (verification, checksums). */
  static final int AUDIT_SCHEMA = 4;
  private static final int CANCEL_REQUESTS_SCHEMA = 3;

  private final CatalogLocation location;
  private final Properties properties;
  private final int schema;

  private Catalog(CatalogLocation location, Properties properties, int schema) {
    this.location = location;
    this.properties = properties;
    this.schema = schema;
  }

  /**
   * Connects, creating the SQLite file's directory if needed, and migrates the schema to the latest version.
   *
   * @throws CatalogUnavailableException with one line naming the URL when it cannot connect or migrate
   */
  public static Catalog open(CatalogLocation location, Secrets secrets) {
    if (location.isSqlite()) {
      CatalogConnections.createParent(location);
      SqliteLibrary.prepare();
    }
    Catalog catalog = new Catalog(location, CatalogConnections.properties(location, secrets, false), Integer.MAX_VALUE);
    catalog.migrate();
    return catalog;
  }

  /**
   * Connects without creating or migrating anything, for commands that only read. A catalog of an older
   * schema is read as it is: what it does not hold yet (verifications, checksums) reads as absent.
   *
   * @throws CatalogUnavailableException when there is no catalog there yet, it holds no runbook schema, or
   *     it cannot be reached; the message says which and what to run
   */
  public static Catalog openReadOnly(CatalogLocation location, Secrets secrets) {
    if (location.isSqlite() && !Files.exists(CatalogConnections.sqliteFile(location))) {
      throw new CatalogUnavailableException("no catalog at " + CatalogConnections.sqliteFile(location) + " yet: nothing was recorded there "
          + "(runbook up, runbook worker or runbook demo create it with the first run; or pass --catalog)", null);
    }
    if (location.isSqlite()) {
      SqliteLibrary.prepare();
    }
    Properties props = CatalogConnections.properties(location, secrets, true);
    return new Catalog(location, props, CatalogConnections.schemaVersion(location, props));
  }

  /** Whether the schema holds the audit columns (a read-only catalog of an older schema does not). */
  boolean hasAuditColumns() {
    return schema >= AUDIT_SCHEMA;
  }

  public CatalogLocation location() {
    return location;
  }

  /** The schema version after migration, for example {@code 1}. */
  public String schemaVersion() {
    return flyway().info().current().getVersion().getVersion();
  }

  private void migrate() {
    try (Connection ignored = connect()) {
      flyway().migrate();
    } catch (SQLException | FlywayException e) {
      throw new CatalogUnavailableException("catalog " + location + ": " + rootMessage(e), e);
    }
  }

  private Flyway flyway() {
    return Flyway.configure(Catalog.class.getClassLoader())
        .dataSource(location.url(), properties.getProperty("user"), properties.getProperty("password"))
        .locations(MIGRATIONS)
        .loggers("slf4j")
        .load();
  }

  /** Records a run's start; recording it again changes nothing. */
  public void runStarted(RunStarted r) throws SQLException {
    String sql = "INSERT INTO runs (id, workflow_id, runbook, instance, trigger_kind, requested_by, parameters, status,"
        + " started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, r.runId());
      s.setString(2, r.workflowId());
      s.setString(3, r.runbook());
      s.setString(4, r.instance());
      s.setString(5, r.trigger().id());
      s.setString(6, r.requestedBy());
      s.setString(7, Redaction.redact(r.parameters()));
      s.setString(8, RunStatus.RUNNING.name());
      s.setLong(9, r.startedAt().toEpochMilli());
      s.executeUpdate();
    }
  }

  /** Records a step as it ended; recording it again replaces the row. */
  public void stepEnded(StepEnded e) throws SQLException {
    StepView v = e.step();
    String sql = "INSERT INTO steps (run_id, seq, name, host, started_at, ended_at, outcome, detail)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, seq) DO UPDATE SET name = EXCLUDED.name,"
        + " host = EXCLUDED.host, started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at,"
        + " outcome = EXCLUDED.outcome, detail = EXCLUDED.detail";
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, e.runId());
      s.setInt(2, v.seq());
      s.setString(3, v.name());
      s.setString(4, v.host());
      s.setLong(5, v.startedAt().toEpochMilli());
      setMillis(s, 6, v.endedAt());
      s.setString(7, v.outcome().name());
      s.setString(8, v.detail());
      s.executeUpdate();
    }
  }

  /** Records how a run ended. */
  public void runFinished(RunFinished f) throws SQLException {
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement("UPDATE runs SET status = ?, summary = ?, ended_at = ? WHERE id = ?")) {
      s.setString(1, f.status().name());
      s.setString(2, f.summary());
      s.setLong(3, f.endedAt().toEpochMilli());
      s.setString(4, f.runId());
      s.executeUpdate();
    }
  }

  /** Runs matching {@code q}, newest first. */
  public List<RunRecord> runs(RunQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM runs WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    filter(sql, args, "instance = ?", q.instance());
    filter(sql, args, "runbook = ?", q.runbook());
    filter(sql, args, "status = ?", q.status() == null ? null : q.status().name());
    filter(sql, args, "trigger_kind = ?", q.trigger());
    filter(sql, args, "requested_by = ?", q.requestedBy());
    filter(sql, args, "started_at >= ?", q.since() == null ? null : q.since().toEpochMilli());
    filter(sql, args, "started_at < ?", q.until() == null ? null : q.until().toEpochMilli());
    sql.append(" ORDER BY started_at DESC, id LIMIT ").append(Math.max(1, q.limit()));
    return queryRuns(sql.toString(), args);
  }

  private static void filter(StringBuilder sql, List<Object> args, String condition, Object value) {
    if (value != null) {
      sql.append(" AND ").append(condition);
      args.add(value);
    }
  }

  /**
   * The run whose id or workflow id equals {@code idOrPrefix}, or whose id starts or ends with it (people
   * name runs by the end of their id: {@link dev.runbook.workflows.run.RunIds}).
   *
   * @throws IllegalArgumentException when a prefix matches several runs, naming them
   */
  public Optional<RunRecord> run(String idOrPrefix) throws SQLException {
    if (idOrPrefix == null || idOrPrefix.isBlank()) {
      // An empty prefix would match every run, and pick the only one.
      throw new IllegalArgumentException("no run named: give a run id, its first characters or a workflow id");
    }
    List<RunRecord> exact = queryRuns("SELECT * FROM runs WHERE id = ? OR workflow_id = ? ORDER BY started_at DESC",
        List.of(idOrPrefix, idOrPrefix));
    if (!exact.isEmpty()) {
      return Optional.of(exact.get(0));
    }
    String escaped = idOrPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    List<RunRecord> byPrefix = queryRuns("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' "
        + "ORDER BY started_at DESC LIMIT 6", List.of(escaped + "%", "%" + escaped));
    if (byPrefix.size() > 1) {
      throw new IllegalArgumentException("'" + idOrPrefix + "' matches several runs: "
          + byPrefix.stream().map(RunRecord::id).limit(5).toList() + "; give more characters");
    }
    return byPrefix.stream().findFirst();
  }

  /** The newest run recorded under workflow id {@code workflowId}, or empty; no prefix matching. */
  public Optional<RunRecord> runOfWorkflow(String workflowId) throws SQLException {
    return queryRuns("SELECT * FROM runs WHERE workflow_id = ? ORDER BY started_at DESC LIMIT 1", List.of(workflowId))
        .stream().findFirst();
  }

  /** The steps of run {@code runId}, in order. */
  public List<StepView> steps(String runId) throws SQLException {
    List<StepView> steps = new ArrayList<>();
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement("SELECT * FROM steps WHERE run_id = ? ORDER BY seq")) {
      s.setString(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          steps.add(new StepView(rs.getInt("seq"), rs.getString("name"), rs.getString("host"),
              Instant.ofEpochMilli(rs.getLong("started_at")), millis(rs, "ended_at"),
              StepOutcome.valueOf(rs.getString("outcome")), rs.getString("detail")));
        }
      }
    }
    return steps;
  }

  /** Records a restore point's new status; recording the same change again changes nothing. */
  public void restorePoint(RestorePointChange change) throws SQLException {
    try (Connection c = connect()) {
      RestorePoints.apply(c, change);
    }
  }

  /** Records a run's approval decision; a run has one, so recording it again changes nothing. */
  public void approval(ApprovalRecord a) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO approvals (run_id, seq, decision,"
        + " decided_by, reason, decided_at) VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT (run_id, seq) DO NOTHING")) {
      s.setString(1, a.runId());
      s.setString(2, a.decision());
      s.setString(3, a.decidedBy());
      s.setString(4, a.reason());
      s.setLong(5, a.at().toEpochMilli());
      s.executeUpdate();
    }
  }

  /** The approval decisions of run {@code runId}. */
  public List<ApprovalRecord> approvals(String runId) throws SQLException {
    List<ApprovalRecord> out = new ArrayList<>();
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT * FROM approvals WHERE run_id = ? ORDER BY seq")) {
      s.setString(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new ApprovalRecord(runId, rs.getString("decision"), rs.getString("decided_by"), rs.getString("reason"),
              Instant.ofEpochMilli(rs.getLong("decided_at"))));
        }
      }
    }
    return out;
  }

  /** Records a request to cancel a run; every request is kept. */
  public void cancelRequested(CancelRequest r) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO cancel_requests (run_id, requested_by,"
        + " reason, requested_at) VALUES (?, ?, ?, ?)")) {
      s.setString(1, r.runId());
      s.setString(2, r.requestedBy());
      s.setString(3, r.reason());
      s.setLong(4, r.at().toEpochMilli());
      s.executeUpdate();
    }
  }

  /** The cancel requests of run {@code runId}, oldest first. */
  public List<CancelRequest> cancelRequests(String runId) throws SQLException {
    List<CancelRequest> out = new ArrayList<>();
    if (schema < CANCEL_REQUESTS_SCHEMA) {
      return out; // an older catalog read as it is: no cancel was recorded there
    }
    try (Connection c = connect();
         PreparedStatement s = c.prepareStatement("SELECT * FROM cancel_requests WHERE run_id = ? ORDER BY requested_at")) {
      s.setString(1, runId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new CancelRequest(runId, rs.getString("requested_by"), rs.getString("reason"),
              Instant.ofEpochMilli(rs.getLong("requested_at"))));
        }
      }
    }
    return out;
  }

  /** True when a restore point with this id exists, in any status. */
  public boolean restorePointExists(String id) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT 1 FROM restore_points WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Restore points of exactly {@code query.instance()}, newest first, with their artifacts that were not deleted. */
  public List<RestorePointView> restorePoints(RestorePointQuery query) throws SQLException {
    try (Connection c = connect()) {
      return RestorePoints.query(c, query);
    }
  }

  /**
   * Records that restore point {@code pointId} was proven to restore at {@code at} by run {@code runId}, with its
   * evidence in one line; a later verification replaces it. For the verify runbook; {@code runbook status} reads it.
   *
   * @return false when there is no such restore point
   */
  public boolean restorePointVerified(String pointId, Instant at, String runId, String detail) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
        "UPDATE restore_points SET verified_at = ?, verified_run_id = ?, verified_detail = ? WHERE id = ?")) {
      s.setLong(1, at.toEpochMilli());
      s.setString(2, runId);
      s.setString(3, detail);
      s.setString(4, pointId);
      return s.executeUpdate() == 1;
    }
  }

  /** Every restore point of exactly {@code instance}, newest first, with all its artifacts and its verification. */
  public List<RestorePointRecord> restorePointRecords(String instance) throws SQLException {
    try (Connection c = connect()) {
      return AuditQueries.restorePoints(c, hasAuditColumns(), "instance = ?", instance);
    }
  }

  /** The restore point {@code id}, or empty. */
  public Optional<RestorePointRecord> restorePointRecord(String id) throws SQLException {
    try (Connection c = connect()) {
      return AuditQueries.restorePoints(c, hasAuditColumns(), "id = ?", id).stream().findFirst();
    }
  }

  /** The restore point the backup run {@code runId} made, or empty. */
  public Optional<RestorePointRecord> restorePointOfRun(String runId) throws SQLException {
    try (Connection c = connect()) {
      return AuditQueries.restorePoints(c, hasAuditColumns(), "run_id = ?", runId).stream().findFirst();
    }
  }

  /**
   * Claims {@code lease.instance()} for {@code lease.runId()}; empty when it now holds it, else the holder keeping it.
   */
  public Optional<String> acquire(InstanceLease lease, RunLiveness liveness) throws SQLException {
    try (Connection c = connect()) {
      return Leases.acquire(c, lease, liveness, Instant.now()).map(h -> "instance " + lease.instance() + " is busy: "
          + h.lease().runbook() + " run " + h.lease().runId() + " (workflow " + h.lease().workflowId() + ") holds it since "
          + h.since() + (liveness.awaitingApproval(h.lease().workflowId(), h.lease().runId()) ? " and waits for approval" : ""));
    }
  }

  /** Releases the instance if {@code lease.runId()} holds it. */
  public void release(InstanceLease lease) throws SQLException {
    try (Connection c = connect()) {
      Leases.release(c, lease);
    }
  }

  /** Records a maintenance lock a run took, with its token, so the sweep can release it if the run cannot. */
  @Override
  public void lockTaken(HeldLock lock) throws SQLException {
    try (Connection c = connect()) {
      LeftoverRows.lockTaken(c, lock);
    }
  }

  /** Forgets the maintenance lock of {@code instance} if it is still the session of {@code unlockToken}. */
  @Override
  public void lockReleased(String instance, String unlockToken) throws SQLException {
    try (Connection c = connect()) {
      LeftoverRows.lockReleased(c, instance, unlockToken);
    }
  }

  /** The maintenance locks recorded as held, with their tokens. */
  public List<HeldLock> heldLocks() throws SQLException {
    try (Connection c = connect()) {
      return LeftoverRows.locks(c);
    }
  }

  /** Every instance lease, whoever holds it. */
  public List<InstanceLease> leases() throws SQLException {
    try (Connection c = connect()) {
      return LeftoverRows.leases(c);
    }
  }

  /** Restore points still CREATING, oldest first. */
  public List<CreatingRestorePoint> creatingRestorePoints() throws SQLException {
    try (Connection c = connect()) {
      return LeftoverRows.creating(c);
    }
  }

  /** Runs recorded as RUNNING, oldest first. */
  public List<RunRecord> runningRuns() throws SQLException {
    return queryRuns("SELECT * FROM runs WHERE status = ? ORDER BY started_at, id", List.of(RunStatus.RUNNING.name()));
  }

  /** Records the outcome of a run only if it is still recorded as RUNNING; true when it was. */
  public boolean closeRunning(String runId, RunStatus status, String summary, Instant at) throws SQLException {
    try (Connection c = connect()) {
      return LeftoverRows.closeRunning(c, runId, status.name(), summary, at);
    }
  }

  /** Takes a verify run's hold on a restore point; empty when held, else why it cannot be. */
  public Optional<String> beginVerification(dev.runbook.workflows.verify.Verification v) throws SQLException {
    try (Connection c = connect()) {
      return Verifications.begin(c, v);
    }
  }

  /** Records a verification's outcome and evidence, ending its hold. */
  public void endVerification(dev.runbook.workflows.verify.Verification v) throws SQLException {
    try (Connection c = connect()) {
      Verifications.end(c, v);
    }
    if (dev.runbook.workflows.verify.Verification.VERIFIED.equals(v.outcome()) && v.endedAt() != null) {
      // The restore point's own last-verified columns, which runbook status and the evidence read.
      restorePointVerified(v.restorePointId(), v.endedAt(), v.runId(), v.detail());
    }
  }

  /** True when an open verify run holds the restore point. */
  public boolean verificationHeld(String restorePointId, RunLiveness liveness) throws SQLException {
    try (Connection c = connect()) {
      return Verifications.held(c, restorePointId, liveness);
    }
  }

  /** Verifications recorded RUNNING (holds of verify runs, open or not), of every instance, newest first. */
  public List<dev.runbook.workflows.verify.Verification> runningVerifications() throws SQLException {
    try (Connection c = connect()) {
      return Verifications.running(c);
    }
  }

  /** Verifications of one instance, newest first. */
  public List<dev.runbook.workflows.verify.Verification> verifications(String instance) throws SQLException {
    try (Connection c = connect()) {
      return Verifications.ofInstance(c, instance);
    }
  }

  /** A connection to the catalog; callers close it. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(location.url(), properties);
  }

  private List<RunRecord> queryRuns(String sql, List<?> args) throws SQLException {
    List<RunRecord> runs = new ArrayList<>();
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        s.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          runs.add(new RunRecord(rs.getString("id"), rs.getString("workflow_id"), rs.getString("runbook"),
              rs.getString("instance"), rs.getString("trigger_kind"), rs.getString("requested_by"),
              rs.getString("parameters"), RunStatus.valueOf(rs.getString("status")), rs.getString("summary"),
              Instant.ofEpochMilli(rs.getLong("started_at")), millis(rs, "ended_at")));
        }
      }
    }
    return runs;
  }

  private static Instant millis(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setMillis(PreparedStatement s, int index, Instant at) throws SQLException {
    if (at == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, at.toEpochMilli());
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m).trim();
  }
}
