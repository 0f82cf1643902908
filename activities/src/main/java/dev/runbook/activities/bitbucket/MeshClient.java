package dev.runbook.activities.bitbucket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.MeshConnectivity;
import dev.runbook.workflows.bitbucket.MeshLink;
import dev.runbook.workflows.bitbucket.MeshNode;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Bitbucket's Mesh administration API (8.0+, SYS_ADMIN, HTTP basic as the instance's admin), per
 * Bitbucket's OpenAPI description:
 * <ul>
 *   <li>{@code GET /rest/api/latest/admin/git/mesh/nodes}: a standard page
 *       {@code {size, limit, isLastPage, start, nextPageStart, values}} of RestMeshNode
 *       {@code {id (a string), name, rpcId, rpcUrl, state, offline, lastSeenDate, availabilityZone}};
 *       states AVAILABLE, OFFLINE, DRAINING, DISABLED, DELETING. The list includes the sidecar embedded in
 *       each running Bitbucket node, whose RPC URL's host is {@code localhost}.</li>
 *   <li>{@code GET /rest/api/latest/admin/git/mesh/nodes/{id}}: one RestMeshNode.</li>
 *   <li>{@code GET /rest/api/latest/admin/git/mesh/diagnostics/connectivity}:
 *       {@code {reports: [{node: {id, name, type}, summaries: [{node: {id, name, type},
 *       summary: {reachable, roundTripTime, errorMessage}}]}]}}, types BITBUCKET or MESH; each summary is
 *       whether the report's node reached the summary's node (round trip in milliseconds).</li>
 * </ul>
 */
public final class MeshClient {
  static final String BASE = "/rest/api/latest/admin/git/mesh";

  private final BitbucketClient bitbucket;

  /** @param bitbucket the instance's client, with admin credentials */
  public MeshClient(BitbucketClient bitbucket) {
    this.bitbucket = bitbucket;
  }

  /** Every member Bitbucket lists, all pages, sidecars flagged. */
  public MeshNodeList nodes() {
    String url = bitbucket.baseUrl() + BASE + "/nodes";
    return new MeshNodeList(bitbucket.pages(BASE + "/nodes").stream().map(n -> node(url, n)).toList());
  }

  /** Bitbucket's connectivity report, one link per summary. */
  public MeshConnectivity connectivity() {
    String url = bitbucket.baseUrl() + BASE + "/diagnostics/connectivity";
    HttpResponse<String> r = bitbucket.send("GET", url, true, null, null);
    JsonNode body = bitbucket.parse(url, r, r.statusCode() == 200);
    if (!body.path("reports").isArray()) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered without a list of reports");
    }
    List<MeshLink> links = new ArrayList<>();
    for (JsonNode report : body.get("reports")) {
      JsonNode from = report.path("node");
      for (JsonNode s : report.path("summaries")) {
        JsonNode to = s.path("node");
        JsonNode summary = s.path("summary");
        JsonNode rtt = summary.get("roundTripTime");
        links.add(new MeshLink(BitbucketClient.text(from, "name"), BitbucketClient.text(from, "type"),
            BitbucketClient.text(to, "name"), BitbucketClient.text(to, "type"), summary.path("reachable").asBoolean(false),
            rtt != null && rtt.isNumber() ? rtt.asLong() : null, BitbucketClient.text(summary, "errorMessage")));
      }
    }
    return new MeshConnectivity(links);
  }

  private static MeshNode node(String url, JsonNode n) {
    String name = BitbucketClient.text(n, "name");
    String state = BitbucketClient.text(n, "state");
    if (name == null || state == null) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " listed a Mesh node without a name or state");
    }
    String rpcUrl = BitbucketClient.text(n, "rpcUrl");
    return new MeshNode(BitbucketClient.text(n, "id"), name, rpcUrl, state, MeshNode.sidecarUrl(rpcUrl));
  }
}
