package dev.runbook.testkit;

import dev.runbook.testkit.PrimaryMirroring.MirrorRequest;
import dev.runbook.testkit.PrimaryMirroring.MirrorServer;
import dev.runbook.testkit.PrimaryMirroring.Outcome;
import dev.runbook.testkit.internal.HttpRouter;
import dev.runbook.testkit.internal.Json;
import dev.runbook.testkit.internal.Paging;
import dev.runbook.testkit.internal.Request;
import dev.runbook.testkit.internal.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The REST endpoints of {@link PrimaryMirroring}, under both {@code /rest/mirroring/latest} and the older
 * {@code /rest/mirroring/1.0}; every one needs the primary's admin (401 otherwise).
 */
final class PrimaryMirroringRoutes {
  private static final String BASE = "/rest/mirroring/(?:latest|1\\.0)";
  private static final Set<String> REQUEST_STATES = Set.of("PENDING", "ACCEPTED", "REJECTED");

  private final PrimaryMirroring mirroring;

  private PrimaryMirroringRoutes(PrimaryMirroring mirroring) {
    this.mirroring = mirroring;
  }

  static void register(HttpRouter router, BitbucketSimulator bitbucket, PrimaryMirroring mirroring) {
    PrimaryMirroringRoutes r = new PrimaryMirroringRoutes(mirroring);
    router.route("GET", BASE + "/mirrorServers", bitbucket.adminOnly(r::listServers));
    router.route("GET", BASE + "/mirrorServers/([^/]+)", bitbucket.adminOnly(r::getServer));
    router.route("DELETE", BASE + "/mirrorServers/([^/]+)", bitbucket.adminOnly(q -> answer(mirroring.deleteServer(q.pathParam(1)))));
    router.route("GET", BASE + "/requests", bitbucket.adminOnly(r::listRequests));
    router.route("GET", BASE + "/requests/([^/]+)", bitbucket.adminOnly(r::getRequest));
    router.route("DELETE", BASE + "/requests/([^/]+)", bitbucket.adminOnly(q -> withRequestId(q, id -> answer(mirroring.deleteRequest(id)))));
    router.route("POST", BASE + "/requests/([^/]+)/accept", bitbucket.adminOnly(q -> withRequestId(q, id -> answer(mirroring.decide(id, true)))));
    router.route("POST", BASE + "/requests/([^/]+)/reject", bitbucket.adminOnly(q -> withRequestId(q, id -> answer(mirroring.decide(id, false)))));
  }

  private Response listServers(Request request) {
    return Paging.page(mirroring.servers().stream().map(PrimaryMirroringRoutes::json).toList(), request);
  }

  private Response getServer(Request request) {
    String id = request.pathParam(1);
    return mirroring.server(id)
        .map(s -> Response.json(200, json(s)))
        .orElseGet(() -> Response.json(404, Json.errors("Mirror server " + id + " does not exist")));
  }

  private Response listRequests(Request request) {
    String state = request.query("state").filter(s -> !s.isEmpty()).orElse(null);
    if (state != null && !REQUEST_STATES.contains(state)) {
      return Response.json(400, Json.errors("state must be one of " + REQUEST_STATES));
    }
    return Paging.page(mirroring.requests(state).stream().map(PrimaryMirroringRoutes::json).toList(), request);
  }

  private Response getRequest(Request request) {
    return withRequestId(request, id -> mirroring.request(id)
        .map(r -> Response.json(200, json(r)))
        .orElseGet(() -> Response.json(404, Json.errors("Mirroring request " + id + " does not exist"))));
  }

  private static Response withRequestId(Request request, java.util.function.IntFunction<Response> then) {
    String raw = request.pathParam(1);
    try {
      return then.apply(Integer.parseInt(raw));
    } catch (NumberFormatException e) {
      return Response.json(404, Json.errors("Mirroring request " + raw + " does not exist"));
    }
  }

  private static Response answer(Outcome outcome) {
    if (outcome.status() >= 400) {
      return Response.json(outcome.status(), Json.errors(String.valueOf(outcome.value())));
    }
    if (outcome.value() == null) {
      return Response.empty(outcome.status());
    }
    Object value = outcome.value();
    Object body = value instanceof MirrorServer s ? json(s) : value instanceof MirrorRequest r ? json(r) : value;
    return Response.json(outcome.status(), body);
  }

  static Map<String, Object> json(MirrorServer s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("baseUrl", s.baseUrl());
    m.put("enabled", s.enabled());
    m.put("lastSeenDate", s.lastSeenDate());
    m.put("mirrorType", s.mirrorType());
    m.put("productVersion", s.productVersion());
    m.put("productType", "BITBUCKET");
    return m;
  }

  static Map<String, Object> json(MirrorRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("mirrorId", r.mirrorId());
    m.put("mirrorName", r.mirrorName());
    m.put("mirrorBaseUrl", r.mirrorBaseUrl());
    m.put("mirrorType", r.mirrorType());
    m.put("productVersion", r.productVersion());
    m.put("state", r.state());
    // Only 8.x mirrors send these two (shared/reference/bitbucket-rest.md).
    if (majorVersion(r.productVersion()) < 9) {
      m.put("addonDescriptorUri", r.mirrorBaseUrl() + "/rest/mirroring/latest/addon");
      m.put("productType", "BITBUCKET");
    }
    return m;
  }

  /** The major number of a version such as {@code 8.19.4}; 0 when it does not parse. */
  static int majorVersion(String version) {
    try {
      return Integer.parseInt(version.split("\\.")[0]);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
