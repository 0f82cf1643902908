package dev.runbook.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.testkit.MirrorPairing.Progress;
import dev.runbook.testkit.MirrorPairing.ReconnectResult;
import dev.runbook.testkit.internal.HttpRouter;
import dev.runbook.testkit.internal.Json;
import dev.runbook.testkit.internal.Paging;
import dev.runbook.testkit.internal.Request;
import dev.runbook.testkit.internal.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP face of a {@link MirrorSimulator}, registered once per node and once on the front: health,
 * application properties, the 8.x or the 9.x mirror-side mirroring API (never both, so a client must pick
 * the right one), the seed's {@code /mirror?reconnect=1} page, and control endpoints under
 * {@code /__simulator/mirror}. Everything under {@code /rest} and {@code /mirror} needs the mirror's admin.
 */
final class MirrorRoutes {
  /** The node index the front registers with: it is no node, so every farm node is non-local there. */
  static final int FRONT = -1;

  private static final String BASE = "/rest/mirroring/(?:latest|1\\.0)";
  private static final String CONTROL = BitbucketSimulator.CONTROL_PREFIX + "/mirror";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final MirrorSimulator mirror;
  private final int local;

  private MirrorRoutes(MirrorSimulator mirror, int local) {
    this.mirror = mirror;
    this.local = local;
  }

  static void register(HttpRouter router, MirrorSimulator mirror, int local) {
    MirrorRoutes r = new MirrorRoutes(mirror, local);
    router.route("GET", "/status", r.up(r::status));
    router.route("GET", "/rest/api/1\\.0/application-properties", r.up(r.admin(r::applicationProperties)));
    router.route("GET", "/mirror", r.up(r.countingReconnects(r.admin(r::mirrorPage))));
    if (PrimaryMirroringRoutes.majorVersion(mirror.version()) >= 9) {
      router.route("GET", BASE + "/upstreamServer", r.up(r.admin(q -> Response.json(200, r.upstream(false)))));
      router.route("GET", BASE + "/farmNodes", r.up(r.admin(q -> Paging.page(r.farmNodes(), q))));
      router.route("GET", BASE + "/progress", r.up(r.admin(q -> Response.json(200, r.progress()))));
      router.route("GET", BASE + "/supportInfo/repoSyncStatus", r.up(r.admin(q -> Paging.page(r.repoSyncStatus(), q))));
    } else {
      router.route("GET", BASE + "/upstreamServers", r.up(r.admin(q -> Paging.page(List.of(r.upstream(true)), q))));
      router.route("GET", BASE + "/upstreamServers/([^/]+)", r.up(r.admin(r.known(q -> Response.json(200, r.upstream(true))))));
      router.route("GET", BASE + "/upstreamServers/([^/]+)/farmNodes", r.up(r.admin(r.known(q -> Paging.page(r.farmNodes(), q)))));
      router.route("GET", BASE + "/upstreamServers/([^/]+)/progress", r.up(r.admin(r.known(q -> Response.json(200, r.progress())))));
    }
    // Control endpoints answer even with every node down: scripts need them to set the scene.
    router.route("GET", CONTROL, q -> Response.json(200, r.control()));
    router.route("POST", CONTROL + "/staging-deletion", q -> {
      mirror.playStagingDeletion();
      return Response.json(200, r.control());
    });
    router.route("PUT", CONTROL + "/sync-stuck", r::putSyncStuck);
    if (local == FRONT) {
      // Last, so it only catches what nothing else matched: the balancer's page when no node is up.
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        router.route(method, ".*", r.up(q -> Response.json(404, Json.errors("No route for " + method + " " + q.pathParam(0)))));
      }
    }
  }

  private HttpRouter.Handler up(HttpRouter.Handler handler) {
    if (local != FRONT) {
      return handler;
    }
    // The front plays a load balancer: it has nothing to forward to while every node is down.
    return request -> mirror.anyNodeListening() ? handler.handle(request) : Response.html(503,
        "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>");
  }

  private HttpRouter.Handler admin(HttpRouter.Handler handler) {
    return request -> {
      boolean ok = request.basicCredentials()
          .map(c -> c[0].equals(mirror.adminUser()) && c[1].equals(mirror.adminPassword()))
          .orElse(false);
      if (!ok) {
        return Response.json(401, Json.errors("Authentication failed. Please check your credentials and try again."))
            .header("WWW-Authenticate", "Basic realm=\"Atlassian Bitbucket Mirror\"");
      }
      return handler.handle(request);
    };
  }

  /** Counts reconnect visits as they arrive, before authentication decides anything. */
  private HttpRouter.Handler countingReconnects(HttpRouter.Handler handler) {
    return request -> {
      if ("1".equals(request.query("reconnect").orElse(""))) {
        mirror.countReconnect();
      }
      return handler.handle(request);
    };
  }

  /** 8.x paths name the upstream by id: 404 for any other id. */
  private HttpRouter.Handler known(HttpRouter.Handler handler) {
    return request -> request.pathParam(1).equals(mirror.upstream().serverId())
        ? handler.handle(request)
        : Response.json(404, Json.errors("Upstream server " + request.pathParam(1) + " does not exist"));
  }

  private Response status(Request request) {
    boolean starting;
    if (local == FRONT) {
      // The balancer reaches a RUNNING node if any listening node has finished starting.
      starting = true;
      for (int i = 0; i < mirror.nodeCount(); i++) {
        starting &= !mirror.nodeListening(i) || mirror.nodeStarting(i);
      }
    } else {
      starting = mirror.nodeStarting(local);
    }
    return starting
        ? Response.json(503, Map.of("state", "STARTING"))
        : Response.json(200, Map.of("state", "RUNNING"));
  }

  private Response applicationProperties(Request request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", mirror.version());
    body.put("buildNumber", BitbucketSimulator.buildNumberOf(mirror.version()));
    body.put("buildDate", "1730000000000");
    body.put("displayName", "Bitbucket");
    return Response.json(200, body);
  }

  private Response mirrorPage(Request request) {
    String primaryUrl = mirror.upstream().baseUrl();
    if (!"1".equals(request.query("reconnect").orElse(""))) {
      return page(200, null, "Mirror " + mirror.name(), "Upstream " + primaryUrl + ": " + mirror.upstreamState() + ".");
    }
    ReconnectResult result = mirror.reconnect();
    return switch (result) {
      case SENT -> page(200, result, "Authorization request sent",
          "An authorization request was sent to " + primaryUrl + ". <a href=\"" + primaryUrl
              + "/plugins/servlet/mirror-requests\">Go to the primary server</a> to accept it.");
      case FAILED -> page(200, result, "The authorization request failed",
          "The request to register this mirror with " + primaryUrl + " failed: the primary server still lists this mirror.");
      case ALREADY_PENDING -> page(200, result, "Authorization pending",
          "An authorization request is already waiting on " + primaryUrl + ".");
      case ALREADY_INSTALLED -> page(200, result, "Mirror connected", "This mirror is connected to " + primaryUrl + ".");
    };
  }

  private static Response page(int status, ReconnectResult result, String title, String text) {
    // The meta tag lets scripts read the outcome without scraping prose; Bitbucket has no such tag.
    String meta = result == null ? "" : "<meta name=\"reconnect-result\" content=\"" + result + "\">";
    return Response.html(status, "<html><head>" + meta + "<title>" + title + "</title></head><body><h1>" + title
        + "</h1><p>" + text + "</p></body></html>");
  }

  private Map<String, Object> upstream(boolean v8) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", mirror.upstream().serverId());
    m.put("baseUrl", mirror.upstream().baseUrl());
    if (v8) {
      m.put("apiBaseUrl", mirror.upstream().baseUrl());
      m.put("type", "BITBUCKET_SERVER");
    }
    m.put("state", mirror.upstreamState());
    return m;
  }

  private List<Map<String, Object>> farmNodes() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < mirror.nodeCount(); i++) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", mirror.nodeId(i));
      node.put("name", mirror.name() + "-node-" + (i + 1));
      node.put("address", Map.of("address", "127.0.0.1", "port", mirror.nodePort(i)));
      node.put("buildVersion", mirror.version());
      node.put("local", i == local);
      list.add(node);
    }
    return list;
  }

  private Map<String, Object> progress() {
    Progress p = mirror.progress();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("discovering", p.discovering());
    m.put("syncedRepos", p.syncedRepos());
    m.put("totalRepos", p.totalRepos());
    return m;
  }

  private List<Map<String, Object>> repoSyncStatus() {
    int synced = mirror.progress().syncedRepos();
    long now = System.currentTimeMillis();
    List<Map<String, Object>> list = new ArrayList<>();
    for (int repo = 1; repo <= synced; repo++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("externalRepoId", repo);
      m.put("upstreamId", mirror.upstream().serverId());
      m.put("localRepoId", repo);
      m.put("failedSyncCount", 0);
      m.put("lastSyncDate", now);
      list.add(m);
    }
    return list;
  }

  private Map<String, Object> control() {
    Progress p = mirror.progress();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", mirror.id());
    m.put("name", mirror.name());
    m.put("state", mirror.upstreamState());
    m.put("syncedRepos", p.syncedRepos());
    m.put("totalRepos", p.totalRepos());
    return m;
  }

  private Response putSyncStuck(Request request) throws IOException {
    JsonNode body;
    try {
      body = MAPPER.readTree(request.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.path("stuck").isBoolean()) {
      return Response.json(400, Json.errors("expected {\"stuck\":true} or {\"stuck\":false}"));
    }
    mirror.setSyncStuckUntilRestart(body.get("stuck").asBoolean());
    return Response.json(200, Map.of("stuck", body.get("stuck").asBoolean()));
  }
}
