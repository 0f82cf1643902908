package dev.runbook.workflows.bitbucket;

import java.util.List;

/**
 * Bitbucket's connectivity report between its nodes and the Mesh nodes
 * ({@code GET /rest/api/latest/admin/git/mesh/diagnostics/connectivity}), one link per pair it tested.
 *
 * @param links every link reported, in Bitbucket's order
 */
public record MeshConnectivity(List<MeshLink> links) {
  public MeshConnectivity {
    links = List.copyOf(links);
  }

  /** The links Bitbucket reports unreachable. */
  public List<MeshLink> unreachable() {
    return links.stream().filter(l -> !l.reachable()).toList();
  }
}
