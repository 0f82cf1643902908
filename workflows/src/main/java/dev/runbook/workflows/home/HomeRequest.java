package dev.runbook.workflows.home;

import dev.runbook.workflows.approval.ApprovalProof;
import java.util.List;

/**
 * Input of the home activities: names, and for deletion the artifacts the catalog recorded.
 *
 * @param host the host expected to run the step (the home host)
 * @param instance the instance
 * @param restorePointId the restore point, {@code <instance>-<yyyyMMdd'T'HHmmss'Z'>}
 * @param artifacts for deletion: exactly what to delete; empty means whatever this restore point's
 *     names would be (undoing a snapshot step whose outcome is unknown)
 * @param keepStamp for restores: the run's own UTC stamp, {@code yyyyMMddHHmmss}; the current home is kept
 *     aside as {@code <mount>.pre-restore-<keepStamp>}, so one run's undo never touches what an earlier
 *     run kept. Null for every other step.
 * @param proof for the restore with {@code approval: signed}: the signed request and approval the agent checks
 *     again with its own approvers' keys before it replaces the home; null otherwise
 * @param mesh the Bitbucket Mesh node whose home the step is about; null for the instance's shared home. A Mesh
 *     node's artifacts are named {@code mesh:<node>:<name>} and have the kind {@link Artifact#MESH_HOME}
 */
public record HomeRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                          String keepStamp, ApprovalProof proof, String mesh) {
  public HomeRequest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** A request about the shared home. */
  public HomeRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                     String keepStamp, ApprovalProof proof) {
    this(host, instance, restorePointId, artifacts, keepStamp, proof, null);
  }

  /** The same request about Mesh node {@code node}'s home (on {@code host}, the node's host). */
  public HomeRequest onMesh(String node, String host) {
    return new HomeRequest(host, instance, restorePointId, artifacts, keepStamp, proof, node);
  }

  /** A request that carries no proof of approval. */
  public HomeRequest(String host, String instance, String restorePointId, List<Artifact> artifacts, String keepStamp) {
    this(host, instance, restorePointId, artifacts, keepStamp, null);
  }

  /** A request without a keep stamp: for every step but the restore ones. */
  public HomeRequest(String host, String instance, String restorePointId, List<Artifact> artifacts) {
    this(host, instance, restorePointId, artifacts, null);
  }

  /** A request about {@code restorePointId} without a list of artifacts. */
  public static HomeRequest of(String host, String instance, String restorePointId) {
    return new HomeRequest(host, instance, restorePointId, List.of());
  }
}
