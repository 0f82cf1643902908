package dev.runbook.activities.audit;

import dev.runbook.activities.catalog.RestorePointRecord;
import dev.runbook.activities.catalog.RestorePointRecord.ArtifactRecord;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.MeshNodeConfig;
import dev.runbook.workflows.home.Artifact;
import java.util.List;
import java.util.Objects;

/**
 * Which Bitbucket Mesh nodes the newest complete restore point can restore: a node is covered when the point
 * holds a home snapshot of it ({@link Artifact#MESH_HOME}). A node configured after that backup is not, and a
 * restore of the point could not put its repositories back.
 *
 * @param point the newest complete restore point, or null when there is none
 * @param configured the instance's configured Mesh nodes, in configuration order
 * @param covered the Mesh nodes whose homes the point holds, in the order it recorded them; empty without a point
 * @param missing configured nodes the point does not cover; empty without a point (there is nothing to judge)
 */
public record MeshCoverage(String point, List<String> configured, List<String> covered, List<String> missing) {
  /** The coverage of {@code newest} for {@code instance}, or null when neither configures nor holds a Mesh node. */
  static MeshCoverage of(InstanceConfig instance, RestorePointRecord newest) {
    List<String> configured = instance.mesh().stream().map(MeshNodeConfig::name).toList();
    List<String> covered = newest == null ? List.of() : newest.artifacts().stream().filter(a -> a.deletedAt() == null)
        .map(MeshCoverage::meshNode).filter(Objects::nonNull).distinct().toList();
    if (configured.isEmpty() && covered.isEmpty()) {
      return null;
    }
    List<String> missing = newest == null ? List.of() : configured.stream().filter(n -> !covered.contains(n)).toList();
    return new MeshCoverage(newest == null ? null : newest.id(), configured, covered, missing);
  }

  /** The objective missed, in one line with the fix, or null when every configured node is covered. */
  String missed() {
    if (missing.isEmpty()) {
      return null;
    }
    String nodes = (missing.size() == 1 ? "node " : "nodes ") + String.join(", ", missing);
    return "Mesh: run a backup: the newest point " + point + " cannot restore " + nodes + " (it holds no home snapshot of "
        + (missing.size() == 1 ? "it" : "them") + "; a node added after that backup is not in it)";
  }

  private static String meshNode(ArtifactRecord a) {
    return new Artifact(a.name(), a.kind(), a.provider(), a.host(), a.location(), a.sizeBytes(), a.durationMs()).meshNode();
  }
}
