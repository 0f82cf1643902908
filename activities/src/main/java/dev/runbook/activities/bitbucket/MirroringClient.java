package dev.runbook.activities.bitbucket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.mirror.MirrorInspection.FarmNode;
import dev.runbook.workflows.mirror.MirrorInspection.PendingRequest;
import dev.runbook.workflows.mirror.MirrorInspection.SyncProgress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bitbucket's mirroring API as {@code shared/reference/bitbucket-rest.md} documents it: the primary's
 * mirror records and authorization requests, and the mirror's own view of its upstream, whose paths
 * changed between 8.x ({@code upstreamServers/{id}/...}) and 9.x ({@code upstreamServer}, {@code progress}).
 * The re-authorization call is not in the published API and sits behind {@link #requestReauthorization()}.
 */
public final class MirroringClient {
  /** The mirroring REST base, on the primary and on the mirror. */
  static final String BASE = "/rest/mirroring/latest";

  private final BitbucketClient primary;
  private final BitbucketClient mirror;

  /**
   * @param primary the primary's client, with admin credentials
   * @param mirror the mirror's client, with its admin credentials; null for primary-side calls only
   */
  public MirroringClient(BitbucketClient primary, BitbucketClient mirror) {
    this.primary = primary;
    this.mirror = mirror;
  }

  /** A primary's record of a mirror. It has no state: health is {@code enabled} and a fresh {@code lastSeenDate}. */
  public record MirrorServer(String id, String name, String baseUrl, boolean enabled, Long lastSeenDate,
                             String mirrorType, String productVersion) {}

  /** The mirror's view of its upstream (the primary). */
  public record Upstream(String id, String baseUrl, String state) {}

  // --- primary side ---

  /** Every mirror record on the primary, all pages. */
  public List<MirrorServer> mirrorServers() {
    return primary.pages(BASE + "/mirrorServers").stream().map(MirroringClient::server).toList();
  }

  /** Deletes the primary's record {@code id}; false when the primary has no such record (404). */
  public boolean deleteMirrorServer(String id) {
    String url = primary.baseUrl() + BASE + "/mirrorServers/" + id;
    HttpResponse<String> r = primary.send("DELETE", url, true, null, null);
    if (r.statusCode() == 404) {
      return false;
    }
    primary.parse(url, r, r.statusCode() / 100 == 2, false);
    return true;
  }

  /** Authorization requests on the primary in {@code state} (all states when null), all pages, oldest first. */
  public List<PendingRequest> requests(String state) {
    String path = BASE + "/requests" + (state == null ? "" : "?state=" + state);
    return primary.pages(path).stream().map(MirroringClient::request).toList();
  }

  /** The request {@code id}, or empty when the primary does not know it. */
  public Optional<PendingRequest> request(int id) {
    String url = primary.baseUrl() + BASE + "/requests/" + id;
    HttpResponse<String> r = primary.send("GET", url, true, null, null);
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(request(primary.parse(url, r, r.statusCode() == 200)));
  }

  /**
   * Accepts request {@code id}. False when the primary refuses because the request is no longer
   * PENDING (409): the caller reads it again to learn what it is.
   */
  public boolean accept(int id) {
    String url = primary.baseUrl() + BASE + "/requests/" + id + "/accept";
    HttpResponse<String> r = primary.send("POST", url, true, "{}", null);
    if (r.statusCode() == 409) {
      return false;
    }
    primary.parse(url, r, r.statusCode() / 100 == 2);
    return true;
  }

  // --- mirror side ---

  /** The mirror's {@code /status} state (no authentication), for example {@code RUNNING}. */
  public String mirrorStatus() {
    return mirror.status().state();
  }

  /** The mirror's Bitbucket version, which chooses its mirroring API. */
  public String mirrorVersion() {
    return mirror.applicationProperties().version();
  }

  /** The mirror's upstream, or empty when none is registered. */
  public Optional<Upstream> upstream(String version) {
    if (nine(version)) {
      String url = mirror.baseUrl() + BASE + "/upstreamServer";
      HttpResponse<String> r = mirror.send("GET", url, true, null, null);
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      return Optional.of(upstream(mirror.parse(url, r, r.statusCode() == 200)));
    }
    return mirror.pages(BASE + "/upstreamServers").stream().findFirst().map(MirroringClient::upstream);
  }

  /** Synchronization progress: {@code discovering}, {@code syncedRepos}, {@code totalRepos}. */
  public SyncProgress progress(String version, Upstream upstream) {
    String url = mirror.baseUrl() + BASE + (nine(version) ? "" : "/upstreamServers/" + upstream.id()) + "/progress";
    HttpResponse<String> r = mirror.send("GET", url, true, null, null);
    JsonNode body = mirror.parse(url, r, r.statusCode() == 200);
    if (!body.has("syncedRepos") || !body.has("totalRepos")) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered without syncedRepos/totalRepos");
    }
    return new SyncProgress(body.path("discovering").asBoolean(false), body.get("syncedRepos").asInt(),
        body.get("totalRepos").asInt());
  }

  /** The mirror's nodes (one for a single mirror, several for a farm). */
  public List<FarmNode> farmNodes(String version, Upstream upstream) {
    String path = BASE + (nine(version) ? "" : "/upstreamServers/" + upstream.id()) + "/farmNodes";
    List<FarmNode> nodes = new ArrayList<>();
    for (JsonNode n : mirror.pages(path)) {
      JsonNode a = n.path("address");
      String address = a.isMissingNode() ? null : a.path("address").asText() + ":" + a.path("port").asText();
      nodes.add(new FarmNode(BitbucketClient.text(n, "id"), BitbucketClient.text(n, "name"), address,
          BitbucketClient.text(n, "buildVersion")));
    }
    return nodes;
  }

  /**
   * Makes the mirror send a new authorization request to its registered upstream. <b>Not in the published
   * API</b>: the vendor's article has an administrator visit {@code MIRROR/mirror?reconnect=1}; this does
   * the same request with the mirror's admin credentials. The only method that depends on it.
   */
  public void requestReauthorization() {
    String url = mirror.baseUrl() + "/mirror?reconnect=1";
    HttpResponse<String> r = mirror.send("GET", url, true, null, null);
    if (r.statusCode() == 404) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered 404: this mirror has no "
          + "reconnect page; re-add it to its upstream from the mirror's UI (8.9.20+, 8.19.10+, 9.2.0+)");
    }
    if (r.statusCode() / 100 == 3) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " redirects to "
          + BitbucketClient.redact(r.headers().firstValue("Location").orElse("?")) + " instead of asking the primary "
          + "again (a login page?); open " + url + " in a browser as the mirror's admin, then run the recovery again");
    }
    mirror.parse(url, r, r.statusCode() / 100 == 2, false);
  }

  // --- parsing ---

  private static boolean nine(String version) {
    try {
      return Integer.parseInt(version.split("\\.")[0]) >= 9;
    } catch (RuntimeException e) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, "the mirror reports version '" + version
          + "', not a Bitbucket version");
    }
  }

  private static MirrorServer server(JsonNode n) {
    JsonNode seen = n.get("lastSeenDate");
    return new MirrorServer(BitbucketClient.text(n, "id"), BitbucketClient.text(n, "name"),
        BitbucketClient.text(n, "baseUrl"), n.path("enabled").asBoolean(false),
        seen == null || seen.isNull() ? null : seen.asLong(), BitbucketClient.text(n, "mirrorType"),
        BitbucketClient.text(n, "productVersion"));
  }

  private static PendingRequest request(JsonNode n) {
    return new PendingRequest(n.path("id").asInt(), BitbucketClient.text(n, "mirrorId"),
        BitbucketClient.text(n, "mirrorName"), BitbucketClient.text(n, "mirrorBaseUrl"), BitbucketClient.text(n, "state"));
  }

  private static Upstream upstream(JsonNode n) {
    return new Upstream(BitbucketClient.text(n, "id"), BitbucketClient.text(n, "baseUrl"), BitbucketClient.text(n, "state"));
  }
}
