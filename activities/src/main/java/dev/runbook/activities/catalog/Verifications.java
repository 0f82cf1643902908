package dev.runbook.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.workflows.verify.Verification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The verifications table: a verify run's hold on a restore point while RUNNING, its evidence once ended. */
final class Verifications {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Verifications() {}

  /** Records the hold; empty when held (also again), else why not: the point is not COMPLETE. */
  static Optional<String> begin(Connection c, Verification v) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT status FROM restore_points WHERE id = ? AND instance = ?")) {
      s.setString(1, v.restorePointId());
      s.setString(2, v.instance());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.of("no restore point " + v.restorePointId() + " of " + v.instance());
        }
        if (!"COMPLETE".equals(rs.getString(1))) {
          return Optional.of("restore point " + v.restorePointId() + " is " + rs.getString(1)
              + ": only complete restore points can be verified");
        }
      }
    }
    try (PreparedStatement s = c.prepareStatement("INSERT INTO verifications (run_id, workflow_id, restore_point_id,"
        + " instance, outcome, started_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
      s.setString(1, v.runId());
      s.setString(2, v.workflowId());
      s.setString(3, v.restorePointId());
      s.setString(4, v.instance());
      s.setString(5, Verification.RUNNING);
      s.setLong(6, v.startedAt().toEpochMilli());
      s.executeUpdate();
    }
    return Optional.empty();
  }

  /** Records the outcome and evidence; the row exists from {@link #begin}, or is made now. */
  static void end(Connection c, Verification v) throws SQLException {
    begin(c, v);
    try (PreparedStatement s = c.prepareStatement("UPDATE verifications SET outcome = ?, ended_at = ?, row_counts = ?,"
        + " repositories = ?, detail = ? WHERE run_id = ?")) {
      s.setString(1, v.outcome());
      if (v.endedAt() == null) {
        s.setNull(2, Types.BIGINT);
      } else {
        s.setLong(2, v.endedAt().toEpochMilli());
      }
      s.setString(3, json(v.rowCounts()));
      s.setString(4, json(v.repositories()));
      s.setString(5, v.detail());
      s.setString(6, v.runId());
      s.executeUpdate();
    }
  }

  /** True when a RUNNING verification of the point belongs to a run that is still open. */
  static boolean held(Connection c, String restorePointId, RunLiveness liveness) throws SQLException {
    for (Verification v : query(c, "restore_point_id", restorePointId)) {
      if (Verification.RUNNING.equals(v.outcome()) && liveness.running(v.workflowId(), v.runId())) {
        return true;
      }
    }
    return false;
  }

  /** Verifications that hold their restore point (RUNNING), of every instance, newest first. */
  static List<Verification> running(Connection c) throws SQLException {
    return query(c, "outcome", Verification.RUNNING);
  }

  /** Verifications of the instance, newest first. */
  static List<Verification> ofInstance(Connection c, String instance) throws SQLException {
    return query(c, "instance", instance);
  }

  private static List<Verification> query(Connection c, String column, String value) throws SQLException {
    List<Verification> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM verifications WHERE " + column + " = ?"
        + " ORDER BY started_at DESC, run_id DESC")) {
      s.setString(1, value);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long ended = rs.getLong("ended_at");
          Instant endedAt = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
          out.add(new Verification(rs.getString("run_id"), rs.getString("workflow_id"), rs.getString("restore_point_id"),
              rs.getString("instance"), Instant.ofEpochMilli(rs.getLong("started_at")), endedAt, rs.getString("outcome"),
              read(rs.getString("row_counts"), new TypeReference<Map<String, Long>>() {}),
              read(rs.getString("repositories"), new TypeReference<List<String>>() {}), rs.getString("detail")));
        }
      }
    }
    return out;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T read(String text, TypeReference<T> type) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable verification evidence: " + e.getOriginalMessage(), e);
    }
  }
}
