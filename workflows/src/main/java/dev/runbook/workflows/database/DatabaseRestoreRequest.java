package dev.runbook.workflows.database;

import dev.runbook.workflows.approval.ApprovalProof;
import dev.runbook.workflows.home.Artifact;
import java.util.List;

/**
 * Input of a database restore.
 *
 * @param host the database host
 * @param instance the instance
 * @param restorePointId the restore point
 * @param artifacts the restore point's dump, as the catalog recorded it
 * @param replace the run was started with --replace-database: an existing database is renamed, not refused
 * @param keepSuffix appended to the database's name to keep an existing one, {@code _pre_restore_<yyyyMMddHHmmss>}
 * @param proof with {@code approval: signed}: the signed request and approval the agent checks again with its own
 *     approvers' keys before it replaces the database; null otherwise
 */
public record DatabaseRestoreRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                                     boolean replace, String keepSuffix, ApprovalProof proof) {
  /** A request that carries no proof of approval. */
  public DatabaseRestoreRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                                boolean replace, String keepSuffix) {
    this(host, instance, restorePointId, artifacts, replace, keepSuffix, null);
  }
}
