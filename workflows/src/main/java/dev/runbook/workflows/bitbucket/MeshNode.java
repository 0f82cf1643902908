package dev.runbook.workflows.bitbucket;

import java.net.URI;

/**
 * A Mesh node as Bitbucket registers it ({@code GET /rest/api/latest/admin/git/mesh/nodes}).
 *
 * <p>Bitbucket also lists, among the members, the Mesh sidecar embedded in each of its own nodes while
 * that node runs. A sidecar binds to {@code localhost} only, and a remote Mesh node cannot be registered
 * under {@code localhost} (Bitbucket's nodes could not reach it there), so a member whose RPC URL's
 * host is {@code localhost} is judged a sidecar ({@link #sidecarUrl(String)}). Its data is under its
 * Bitbucket node's home, not a Mesh home of its own.
 *
 * @param id Bitbucket's id of the node (a string)
 * @param name the name it was registered under
 * @param rpcUrl its RPC URL, for example {@code http://mesh1.example.com:7777}
 * @param state as Bitbucket reports it: AVAILABLE, OFFLINE, DRAINING, DISABLED, DELETING, or another
 *     state a newer Bitbucket reports
 * @param sidecar true for the sidecar embedded in a Bitbucket node, judged by {@link #sidecarUrl(String)}
 */
public record MeshNode(String id, String name, String rpcUrl, String state, boolean sidecar) {
  /** True when Bitbucket reports the node AVAILABLE (serving repositories). */
  public boolean available() {
    return "AVAILABLE".equals(state);
  }

  /**
   * True when {@code rpcUrl}'s host is {@code localhost}: only a sidecar is reached there. False for
   * any other host (127.0.0.1 included) and for a URL that does not parse.
   */
  public static boolean sidecarUrl(String rpcUrl) {
    try {
      String host = rpcUrl == null ? null : URI.create(rpcUrl.strip()).getHost();
      return "localhost".equalsIgnoreCase(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
