package dev.runbook.activities.catalog;

import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.home.Artifact;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Restore points and their artifacts in the catalog. Every write is idempotent. */
final class RestorePoints {
  private RestorePoints() {}

  static void apply(Connection c, RestorePointChange ch) throws SQLException {
    c.setAutoCommit(false);
    try {
      switch (ch.status()) {
        case CREATING -> update(c, "INSERT INTO restore_points (id, instance, run_id, status, created_at) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO NOTHING", ch.id(), ch.instance(), ch.runId(), ch.status().name(), ch.at().toEpochMilli());
        case COMPLETE -> {
          update(c, "UPDATE restore_points SET status = ?, completed_at = ?, freeze_started_at = ?, freeze_ended_at = ?,"
              + " home_started_at = ?, db_started_at = ? WHERE id = ?", ch.status().name(), ch.at().toEpochMilli(),
              millis(ch.freezeStartedAt()), millis(ch.freezeEndedAt()), millis(ch.homeStartedAt()), millis(ch.dbStartedAt()), ch.id());
          for (Artifact a : ch.artifacts()) {
            update(c, "INSERT INTO artifacts (restore_point_id, name, kind, provider, host, location, size_bytes, duration_ms,"
                + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (restore_point_id, name) DO NOTHING",
                ch.id(), a.name(), a.kind(), a.provider(), a.host(), a.location(), a.sizeBytes(), a.durationMs(),
                ch.at().toEpochMilli());
          }
        }
        case FAILED -> update(c, "UPDATE restore_points SET status = ?, detail = ? WHERE id = ?",
            ch.status().name(), ch.detail(), ch.id());
        case DELETED -> {
          update(c, "UPDATE restore_points SET status = ?, deleted_at = ?, detail = ? WHERE id = ?",
              ch.status().name(), ch.at().toEpochMilli(), ch.detail(), ch.id());
          update(c, "UPDATE artifacts SET deleted_at = ? WHERE restore_point_id = ? AND deleted_at IS NULL",
              ch.at().toEpochMilli(), ch.id());
        }
        default -> throw new IllegalArgumentException("unknown status " + ch.status());
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }

  static List<RestorePointView> query(Connection c, RestorePointQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM restore_points WHERE instance = ?");
    for (int i = 0; i < q.statuses().size(); i++) {
      sql.append(i == 0 ? " AND status IN (?" : ", ?");
    }
    sql.append(q.statuses().isEmpty() ? "" : ")").append(" ORDER BY created_at DESC, id DESC");
    List<RestorePointView> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      s.setString(1, q.instance());
      for (int i = 0; i < q.statuses().size(); i++) {
        s.setString(i + 2, q.statuses().get(i).name());
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Long frozeAt = longOrNull(rs, "freeze_started_at");
          Long thawedAt = longOrNull(rs, "freeze_ended_at");
          Long homeAt = longOrNull(rs, "home_started_at");
          Long dbAt = longOrNull(rs, "db_started_at");
          String id = rs.getString("id");
          out.add(new RestorePointView(id, rs.getString("instance"), rs.getString("run_id"),
              RestorePointStatus.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("created_at")),
              instant(longOrNull(rs, "completed_at")), frozeAt == null ? null : thawedAt - frozeAt,
              homeAt == null || dbAt == null ? null : Math.abs(homeAt - dbAt), rs.getString("detail"), List.of()));
        }
      }
    }
    List<RestorePointView> withArtifacts = new ArrayList<>();
    for (RestorePointView v : out) {
      withArtifacts.add(new RestorePointView(v.id(), v.instance(), v.runId(), v.status(), v.createdAt(), v.completedAt(),
          v.freezeMs(), v.skewMs(), v.detail(), artifacts(c, v.id())));
    }
    return withArtifacts;
  }

  private static List<Artifact> artifacts(Connection c, String id) throws SQLException {
    List<Artifact> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT * FROM artifacts WHERE restore_point_id = ? AND deleted_at IS NULL ORDER BY name")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(new Artifact(rs.getString("name"), rs.getString("kind"), rs.getString("provider"), rs.getString("host"),
              rs.getString("location"), longOrNull(rs, "size_bytes"), rs.getLong("duration_ms")));
        }
      }
    }
    return out;
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] == null) {
          s.setNull(i + 1, Types.BIGINT);
        } else if (args[i] instanceof Long l) {
          s.setLong(i + 1, l);
        } else {
          s.setString(i + 1, args[i].toString());
        }
      }
      s.executeUpdate();
    }
  }

  private static Long millis(Instant t) {
    return t == null ? null : t.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
