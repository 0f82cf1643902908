package dev.runbook.testkit;

import dev.runbook.testkit.MeshSimulation.Node;
import dev.runbook.testkit.internal.HttpRouter;
import dev.runbook.testkit.internal.Json;
import dev.runbook.testkit.internal.Paging;
import dev.runbook.testkit.internal.Request;
import dev.runbook.testkit.internal.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bitbucket's Mesh endpoints over {@link MeshSimulation}, under {@code /rest/api/latest} and
 * {@code /rest/api/1.0}; every one needs the admin (401 otherwise). The node list is a standard page;
 * the connectivity report really connects to each Mesh node's RPC port, from the Bitbucket node and from
 * each Mesh node whose process runs, so a stopped node is reported unreachable with a refused connection.
 * A simulator of a Bitbucket before 8.0 has none of them (HTTP 404).
 */
final class MeshRoutes {
  static final String LATEST = "/rest/api/latest/admin/git/mesh";
  private static final String BASE = "/rest/api/(?:latest|1\\.0)/admin/git/mesh";
  private static final int CONNECT_TIMEOUT_MS = 1000;

  private final MeshSimulation mesh;

  private MeshRoutes(MeshSimulation mesh) {
    this.mesh = mesh;
  }

  static void register(HttpRouter router, BitbucketSimulator bitbucket, MeshSimulation mesh) {
    if (Integer.parseInt(bitbucket.version().split("\\.")[0]) < 8) {
      return; // Mesh came with Bitbucket 8.0: before, these paths answer 404 like any unknown path
    }
    MeshRoutes r = new MeshRoutes(mesh);
    router.route("GET", BASE + "/nodes", bitbucket.adminOnly(q -> Paging.page(mesh.nodes().stream().map(MeshRoutes::json).toList(), q)));
    router.route("GET", BASE + "/nodes/([^/]+)", bitbucket.adminOnly(r::node));
    router.route("GET", BASE + "/diagnostics/connectivity", bitbucket.adminOnly(q -> Response.json(200, Map.of("reports", r.reports()))));
  }

  private Response node(Request request) {
    String id = request.pathParam(1);
    return mesh.nodes().stream().filter(n -> n.id().equals(id)).findFirst()
        .map(n -> Response.json(200, json(n)))
        .orElseGet(() -> Response.json(404, Json.errors("Mesh node " + id + " does not exist")));
  }

  /** RestMeshNode: {@code {id, name, rpcId, rpcUrl, state, offline, lastSeenDate, availabilityZone}}. */
  private static Map<String, Object> json(Node n) {
    String state = n.state();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", n.id());
    m.put("name", n.name());
    m.put("rpcId", n.rpcId());
    m.put("rpcUrl", n.rpcUrl());
    m.put("state", state);
    m.put("offline", "OFFLINE".equals(state));
    m.put("lastSeenDate", n.lastSeenDate());
    m.put("availabilityZone", null);
    return m;
  }

  /** One report from the Bitbucket node and one from each running Mesh node, to every other Mesh node. */
  private List<Map<String, Object>> reports() {
    List<Node> meshNodes = mesh.nodes().stream().filter(n -> !n.sidecar()).toList();
    List<Map<String, Object>> reports = new ArrayList<>();
    reports.add(report(ref("0", MeshSimulation.BITBUCKET_NODE, "BITBUCKET"), meshNodes, null));
    for (Node from : meshNodes) {
      if (from.listening()) {
        reports.add(report(ref(from.id(), from.name(), "MESH"), meshNodes, from));
      }
    }
    return reports;
  }

  private static Map<String, Object> report(Map<String, Object> from, List<Node> targets, Node self) {
    List<Map<String, Object>> summaries = new ArrayList<>();
    for (Node to : targets) {
      if (to != self) {
        summaries.add(Map.of("node", ref(to.id(), to.name(), "MESH"), "summary", probe(to.port())));
      }
    }
    return Map.of("node", from, "summaries", summaries);
  }

  private static Map<String, Object> ref(String id, String name, String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("type", type);
    return m;
  }

  /** RestConnectivitySummary {@code {reachable, roundTripTime (ms), errorMessage}} from a real TCP connect. */
  private static Map<String, Object> probe(int port) {
    Map<String, Object> summary = new LinkedHashMap<>();
    long start = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
      summary.put("reachable", true);
      summary.put("roundTripTime", (System.nanoTime() - start) / 1_000_000);
      summary.put("errorMessage", null);
    } catch (IOException e) {
      summary.put("reachable", false);
      summary.put("roundTripTime", null);
      summary.put("errorMessage", "UNAVAILABLE: io exception: " + e.getMessage() + ": /127.0.0.1:" + port);
    }
    return summary;
  }
}
