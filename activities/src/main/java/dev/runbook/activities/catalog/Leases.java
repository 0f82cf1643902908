package dev.runbook.activities.catalog;

import dev.runbook.workflows.catalog.InstanceLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The instance_leases table. */
final class Leases {
  private Leases() {}

  /** Who holds an instance, and since when. */
  record Holder(InstanceLease lease, Instant since) {}

  /** Takes the lease when free, ours, or held by a closed run; returns the holder that keeps it otherwise. */
  static Optional<Holder> acquire(Connection c, InstanceLease lease, RunLiveness liveness, Instant now) throws SQLException {
    // A few rounds: between reading the holder and replacing it, another run may release or take it.
    for (int round = 0; round < 5; round++) {
      Optional<Holder> outcome = tryAcquire(c, lease, liveness, now);
      if (outcome == null) {
        continue;
      }
      return outcome;
    }
    return holder(c, lease.instance());
  }

  /** One round: empty when acquired, the keeper when busy, null when the lease changed under us. */
  private static Optional<Holder> tryAcquire(Connection c, InstanceLease lease, RunLiveness liveness, Instant now)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO instance_leases (instance, run_id, workflow_id, runbook,"
        + " acquired_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (instance) DO NOTHING")) {
      s.setString(1, lease.instance());
      s.setString(2, lease.runId());
      s.setString(3, lease.workflowId());
      s.setString(4, lease.runbook());
      s.setLong(5, now.toEpochMilli());
      s.executeUpdate();
    }
    Optional<Holder> current = holder(c, lease.instance());
    if (current.isEmpty()) {
      return null; // released between the insert and the read
    }
    Holder holder = current.get();
    if (holder.lease().runId().equals(lease.runId())) {
      return Optional.empty();
    }
    if (liveness.running(holder.lease().workflowId(), holder.lease().runId())) {
      return Optional.of(holder);
    }
    // Compare-and-set: only replace the holder we saw, so two takers cannot both win.
    try (PreparedStatement s = c.prepareStatement("UPDATE instance_leases SET run_id = ?, workflow_id = ?, runbook = ?,"
        + " acquired_at = ? WHERE instance = ? AND run_id = ?")) {
      s.setString(1, lease.runId());
      s.setString(2, lease.workflowId());
      s.setString(3, lease.runbook());
      s.setLong(4, now.toEpochMilli());
      s.setString(5, lease.instance());
      s.setString(6, holder.lease().runId());
      return s.executeUpdate() == 1 ? Optional.empty() : null;
    }
  }

  static void release(Connection c, InstanceLease lease) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("DELETE FROM instance_leases WHERE instance = ? AND run_id = ?")) {
      s.setString(1, lease.instance());
      s.setString(2, lease.runId());
      s.executeUpdate();
    }
  }

  static Optional<Holder> holder(Connection c, String instance) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM instance_leases WHERE instance = ?")) {
      s.setString(1, instance);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Holder(new InstanceLease(rs.getString("instance"), rs.getString("run_id"),
            rs.getString("workflow_id"), rs.getString("runbook")), Instant.ofEpochMilli(rs.getLong("acquired_at"))));
      }
    }
  }
}
