package dev.runbook.activities.catalog;

import dev.runbook.activities.catalog.RestorePointRecord.ArtifactRecord;
import dev.runbook.activities.catalog.RestorePointRecord.Verification;
import dev.runbook.workflows.catalog.RestorePointStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Restore points read for audit. Reads the columns an older schema lacks (verification, checksum) only
 * when the catalog has them, so read-only commands work on a catalog no writer has migrated yet.
 */
final class AuditQueries {
  private AuditQueries() {}

  static List<RestorePointRecord> restorePoints(Connection c, boolean audit, String where, String arg) throws SQLException {
    List<RestorePointRecord> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM restore_points WHERE " + where
        + " ORDER BY created_at DESC, id DESC")) {
      s.setString(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Instant verifiedAt = audit ? at(rs, "verified_at") : null;
          out.add(new RestorePointRecord(rs.getString("id"), rs.getString("instance"), rs.getString("run_id"),
              RestorePointStatus.valueOf(rs.getString("status")), at(rs, "created_at"), at(rs, "completed_at"),
              at(rs, "freeze_started_at"), at(rs, "freeze_ended_at"), at(rs, "home_started_at"), at(rs, "db_started_at"),
              at(rs, "deleted_at"), rs.getString("detail"),
              verifiedAt == null ? null : new Verification(verifiedAt, rs.getString("verified_run_id"),
                  rs.getString("verified_detail")), List.of()));
        }
      }
    }
    List<RestorePointRecord> full = new ArrayList<>();
    for (RestorePointRecord p : out) {
      full.add(new RestorePointRecord(p.id(), p.instance(), p.runId(), p.status(), p.createdAt(), p.completedAt(),
          p.freezeStartedAt(), p.freezeEndedAt(), p.homeStartedAt(), p.dbStartedAt(), p.deletedAt(), p.detail(),
          p.verification(), artifacts(c, audit, p.id())));
    }
    return full;
  }

  private static List<ArtifactRecord> artifacts(Connection c, boolean audit, String id) throws SQLException {
    List<ArtifactRecord> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM artifacts WHERE restore_point_id = ? ORDER BY name")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long size = rs.getLong("size_bytes");
          Long sizeBytes = rs.wasNull() ? null : size;
          out.add(new ArtifactRecord(rs.getString("name"), rs.getString("kind"), rs.getString("provider"),
              rs.getString("host"), rs.getString("location"), sizeBytes, audit ? rs.getString("checksum") : null,
              rs.getLong("duration_ms"), at(rs, "created_at"), at(rs, "deleted_at")));
        }
      }
    }
    return out;
  }

  private static Instant at(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
