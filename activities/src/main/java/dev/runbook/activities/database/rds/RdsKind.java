package dev.runbook.activities.database.rds;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The RDS API calls of one kind of database, DB instances or Aurora DB clusters, so that
 * {@link RdsDatabase} runs the same snapshot, swap and undo steps on both.
 */
interface RdsKind {
  /** "DB instance" or "DB cluster", for messages. */
  String noun();

  Optional<RdsResource> describe(String id);

  /** Renames {@code from} to {@code to}, applied immediately. */
  void rename(String from, String to);

  /** Deletes the database {@code id} without a final snapshot (only ever one this run restored). */
  void delete(String id);

  void createSnapshot(String dbId, String snapshotId, Map<String, String> tags);

  Optional<RdsResource> describeSnapshot(String snapshotId);

  /** Every manual snapshot of this kind in the region, with its tags. */
  List<RdsResource> manualSnapshots();

  void deleteSnapshot(String snapshotId);

  /**
   * Restores {@code snapshotId} as {@code newId} with the current database's subnet group, security
   * groups and parameter group, tagged {@code tags}, and waits until it (and, for a cluster, its
   * instances) are available. Continues a restore started before under {@code newId}.
   */
  void restore(String currentId, String snapshotId, String newId, Map<String, String> tags, Consumer<String> progress);
}
