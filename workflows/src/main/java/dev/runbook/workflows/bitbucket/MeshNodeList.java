package dev.runbook.workflows.bitbucket;

import java.util.List;
import java.util.Optional;

/**
 * Every member Bitbucket lists as a Mesh node, all pages, in Bitbucket's order, sidecars included.
 *
 * @param nodes the members
 */
public record MeshNodeList(List<MeshNode> nodes) {
  public MeshNodeList {
    nodes = List.copyOf(nodes);
  }

  /** The Mesh nodes proper: the members without the sidecars embedded in Bitbucket's own nodes. */
  public List<MeshNode> meshNodes() {
    return nodes.stream().filter(n -> !n.sidecar()).toList();
  }

  /** The Mesh node (not a sidecar) registered under {@code name}, if any. */
  public Optional<MeshNode> named(String name) {
    return meshNodes().stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
