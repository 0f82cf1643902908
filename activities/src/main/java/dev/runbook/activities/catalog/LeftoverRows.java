package dev.runbook.activities.catalog;

import dev.runbook.workflows.catalog.InstanceLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs hold or left in the catalog, for the sweep: maintenance locks with their tokens, leases,
 * runs recorded as RUNNING and restore points still CREATING.
 */
final class LeftoverRows {
  private LeftoverRows() {}

  static void lockTaken(Connection c, HeldLock lock) throws SQLException {
    // One lock per instance in Bitbucket; a row left by an earlier session of the same instance is stale.
    try (PreparedStatement s = c.prepareStatement("INSERT INTO maintenance_locks (instance, run_id, workflow_id,"
        + " unlock_token, locked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance) DO UPDATE SET run_id = EXCLUDED.run_id,"
        + " workflow_id = EXCLUDED.workflow_id, unlock_token = EXCLUDED.unlock_token, locked_at = EXCLUDED.locked_at")) {
      s.setString(1, lock.instance());
      s.setString(2, lock.runId());
      s.setString(3, lock.workflowId());
      s.setString(4, lock.unlockToken());
      s.setLong(5, lock.lockedAt().toEpochMilli());
      s.executeUpdate();
    }
  }

  /** Forgets the lock of {@code instance} if it is still the session of {@code unlockToken}. */
  static void lockReleased(Connection c, String instance, String unlockToken) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM maintenance_locks WHERE instance = ? AND unlock_token = ?")) {
      s.setString(1, instance);
      s.setString(2, unlockToken);
      s.executeUpdate();
    }
  }

  static List<HeldLock> locks(Connection c) throws SQLException {
    List<HeldLock> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM maintenance_locks ORDER BY instance");
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(new HeldLock(rs.getString("instance"), rs.getString("run_id"), rs.getString("workflow_id"),
            rs.getString("unlock_token"), Instant.ofEpochMilli(rs.getLong("locked_at"))));
      }
    }
    return out;
  }

  static List<InstanceLease> leases(Connection c) throws SQLException {
    List<InstanceLease> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM instance_leases ORDER BY instance");
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(new InstanceLease(rs.getString("instance"), rs.getString("run_id"), rs.getString("workflow_id"),
            rs.getString("runbook")));
      }
    }
    return out;
  }

  static List<CreatingRestorePoint> creating(Connection c) throws SQLException {
    List<CreatingRestorePoint> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT p.id, p.instance, p.run_id, r.workflow_id FROM restore_points p"
        + " LEFT JOIN runs r ON r.id = p.run_id WHERE p.status = 'CREATING' ORDER BY p.created_at, p.id");
         ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(new CreatingRestorePoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
      }
    }
    return out;
  }

  /** Records the outcome of a run still recorded as RUNNING; true when it was. */
  static boolean closeRunning(Connection c, String runId, String status, String summary, Instant at) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("UPDATE runs SET status = ?, summary = ?, ended_at = ?"
        + " WHERE id = ? AND status = 'RUNNING'")) {
      s.setString(1, status);
      s.setString(2, summary);
      s.setLong(3, at.toEpochMilli());
      s.setString(4, runId);
      return s.executeUpdate() == 1;
    }
  }
}
