package dev.runbook.activities.bitbucket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.bitbucket.MaintenanceLock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * Bitbucket Data Center's REST API as documented in {@code shared/reference/bitbucket-rest.md}.
 * Sends HTTP basic credentials only to the configured base URL and never follows redirects, so
 * credentials cannot leak to another host.
 */
public final class BitbucketClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** Values asked per page of a paged collection, and the most pages read before giving up. */
  private static final int PAGE = 100;
  private static final int MAX_PAGES = 1000;

  private final String baseUrl;
  private final String username;
  private final String authorization;
  private final HttpClient http;

  /** An HTTP client for Bitbucket calls: short connect timeout, never follows redirects. Share one per process. */
  public static HttpClient newHttpClient() {
    return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * @param http a client from {@link #newHttpClient()}
   * @param baseUrl the instance's base URL, with or without a context path
   * @param username admin user for authenticated calls, or null
   * @param password its password, or null; kept only inside this object
   */
  public BitbucketClient(HttpClient http, String baseUrl, String username, String password) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.username = username;
    this.authorization = username == null || password == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.http = http;
  }

  /** The base URL without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** {@code GET /status} (no authentication). 503 with a state is an answer (STARTING), not a failure. */
  public BitbucketStatus status() {
    String url = baseUrl + "/status";
    HttpResponse<String> r = send(url, false);
    JsonNode body = parse(url, r, r.statusCode() == 200 || r.statusCode() == 503);
    String state = text(body, "state");
    if (state == null) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered HTTP " + r.statusCode() + " without a state");
    }
    return new BitbucketStatus(url, r.statusCode(), state);
  }

  /** {@code GET /rest/api/1.0/application-properties} with the admin credentials. */
  public BitbucketVersion applicationProperties() {
    String url = baseUrl + "/rest/api/1.0/application-properties";
    HttpResponse<String> r = send(url, true);
    JsonNode body = parse(url, r, r.statusCode() == 200);
    String version = text(body, "version");
    if (version == null) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered without a version");
    }
    return new BitbucketVersion(version, text(body, "buildNumber"), text(body, "displayName"));
  }

  /**
   * Takes the maintenance lock and starts an external backup; unlocks again when the backup cannot start.
   * Safe to call again after a worker died in it: {@code taken} is told each token as soon as Bitbucket
   * gives it (the activity records it as a heartbeat), and a later attempt passes what was recorded as
   * {@code earlier}, so it goes on with the lock it holds instead of asking for a second one, which
   * Bitbucket refuses while the first is held and whose token would be lost.
   *
   * @param earlier what an earlier attempt recorded; null for none
   * @param retry true when an earlier attempt ran, so a refusal can say the lock may be that attempt's
   * @throws BitbucketException {@code BitbucketState} when Bitbucket refuses the lock (409)
   */
  public MaintenanceLock lock(MaintenanceLock earlier, boolean retry, Consumer<MaintenanceLock> taken) {
    String unlockToken = earlier == null || !holds(earlier.unlockToken()) ? null : earlier.unlockToken();
    if (unlockToken != null && earlier.cancelToken() != null) {
      return earlier; // the earlier attempt did everything but return
    }
    if (unlockToken == null) {
      unlockToken = takeLock(retry);
      taken.accept(new MaintenanceLock(unlockToken, null));
    }
    try {
      String backups = baseUrl + "/mvc/admin/backups?external=true";
      HttpResponse<String> b = send("POST", backups, true, "{}", unlockToken);
      String cancelToken = text(parse(backups, b, b.statusCode() / 100 == 2), "cancelToken");
      if (cancelToken == null) {
        throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, backups + " answered without a cancelToken");
      }
      MaintenanceLock lock = new MaintenanceLock(unlockToken, cancelToken);
      taken.accept(lock);
      return lock;
    } catch (BitbucketException e) {
      unlock(unlockToken);
      throw e;
    }
  }

  private String takeLock(boolean retry) {
    String url = baseUrl + "/mvc/maintenance/lock";
    HttpResponse<String> r = send("POST", url, true, "{}", null);
    if (r.statusCode() == 409) {
      throw new BitbucketException(FailureTypes.BITBUCKET_STATE, "Bitbucket refused the maintenance lock (HTTP 409"
          + message(r) + "): another maintenance task or backup may be running" + (retry ? "; or an earlier attempt of "
          + "this step took it and could not record its token (its worker died during the call): if no other "
          + "maintenance runs, unlock Bitbucket from its administration pages" : ""));
    }
    String unlockToken = text(parse(url, r, r.statusCode() / 100 == 2), "unlockToken");
    if (unlockToken == null) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered without an unlockToken");
    }
    return unlockToken;
  }

  /** True while {@code unlockToken} holds the maintenance lock: {@code GET /mvc/maintenance} accepts it. */
  boolean holds(String unlockToken) {
    HttpResponse<String> r = send("GET", baseUrl + "/mvc/maintenance", true, null, unlockToken);
    if (r.statusCode() == 409) {
      return false;
    }
    parse(baseUrl + "/mvc/maintenance", r, r.statusCode() == 200);
    return true;
  }

  /** The maintenance session's state ({@code GET /mvc/maintenance}). */
  public MaintenanceState maintenance(String unlockToken) {
    String url = baseUrl + "/mvc/maintenance";
    HttpResponse<String> r = send("GET", url, true, null, unlockToken);
    JsonNode body = parse(url, r, r.statusCode() == 200);
    JsonNode task = body.get("task");
    return new MaintenanceState(task == null ? null : text(task, "state"), text(body, "db-state"), text(body, "scm-state"));
  }

  /** Reports progress ({@code POST /mvc/admin/backups/progress/client}). */
  public void progress(String unlockToken, int percentage) {
    String url = "%s/mvc/admin/backups/progress/client?token=%s&percentage=%d".formatted(baseUrl, encode(unlockToken), percentage);
    HttpResponse<String> r = send("POST", url, true, "", null);
    parse(redact(url), r, r.statusCode() / 100 == 2, false);
  }

  /**
   * Releases the lock ({@code DELETE /mvc/maintenance/lock}). A token Bitbucket no longer knows (409)
   * counts as released when {@code /status} no longer answers MAINTENANCE.
   */
  public void unlock(String unlockToken) {
    String url = baseUrl + "/mvc/maintenance/lock?token=" + encode(unlockToken);
    HttpResponse<String> r = send("DELETE", url, true, null, null);
    if (r.statusCode() == 409 && !"MAINTENANCE".equals(status().state())) {
      return;
    }
    parse(redact(url), r, r.statusCode() / 100 == 2, false);
  }

  /** The state of a maintenance session: the backup task and the drain of database and repositories. */
  public record MaintenanceState(String taskState, String dbState, String scmState) {
    public boolean drained() {
      return "DRAINED".equals(dbState) && "DRAINED".equals(scmState);
    }
  }

  private HttpResponse<String> send(String url, boolean authenticated) {
    return send("GET", url, authenticated, null, null);
  }

  /**
   * Every value of a paged collection at {@code path} (admin credentials): {@code start}/{@code limit}
   * until {@code isLastPage}. Package-private for the mirroring and Mesh clients.
   */
  List<JsonNode> pages(String path) {
    List<JsonNode> values = new ArrayList<>();
    int start = 0;
    for (int page = 0; page < MAX_PAGES; page++) {
      String url = baseUrl + path + (path.contains("?") ? "&" : "?") + "start=" + start + "&limit=" + PAGE;
      HttpResponse<String> r = send("GET", url, true, null, null);
      JsonNode body = parse(url, r, r.statusCode() == 200);
      body.path("values").forEach(values::add);
      if (body.path("isLastPage").asBoolean(true) || !body.has("nextPageStart")) {
        return values;
      }
      start = body.get("nextPageStart").asInt();
    }
    throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, baseUrl + path + " never reached its last page");
  }

  /** Sends a request; credentials only when {@code authenticated}. Package-private for the mirroring client. */
  HttpResponse<String> send(String method, String url, boolean authenticated, String body, String maintenanceToken) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (maintenanceToken != null) {
      b.header("X-Atlassian-Maintenance-Token", maintenanceToken);
    }
    if (authenticated && authorization != null) {
      b.header("Authorization", authorization);
    }
    url = redact(url);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new BitbucketException(FailureTypes.BITBUCKET_UNREACHABLE, url + ": connection refused");
    } catch (HttpTimeoutException e) {
      throw new BitbucketException(FailureTypes.BITBUCKET_UNREACHABLE, url + ": no answer within "
          + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new BitbucketException(FailureTypes.BITBUCKET_UNREACHABLE, url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BitbucketException(FailureTypes.BITBUCKET_UNREACHABLE, url + ": interrupted");
    }
  }

  /** Checks the status (401/403, redirects, unexpected codes become typed failures) and parses the JSON body. */
  JsonNode parse(String url, HttpResponse<String> r, boolean expected) {
    return parse(url, r, expected, true);
  }

  JsonNode parse(String url, HttpResponse<String> r, boolean expected, boolean json) {
    int code = r.statusCode();
    if (code == 401 || code == 403) {
      throw new BitbucketException(FailureTypes.BITBUCKET_AUTH, "Bitbucket refused the credentials of user "
          + username + " (HTTP " + code + " from " + url + ")");
    }
    if (code >= 300 && code < 400) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " redirects to "
          + redact(r.headers().firstValue("Location").orElse("?")) + "; set the base URL to where Bitbucket answers");
    }
    if (!expected) {
      String type = code >= 500 ? FailureTypes.BITBUCKET_UNREACHABLE
          : code == 404 ? FailureTypes.BITBUCKET_NOT_FOUND : FailureTypes.BITBUCKET_PROTOCOL;
      throw new BitbucketException(type, url + " answered HTTP " + code + message(r));
    }
    if (!json) {
      return null;
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new BitbucketException(FailureTypes.BITBUCKET_PROTOCOL, url + " answered HTTP " + code + " with a body that is not JSON");
    }
  }

  /** Bitbucket's own error message, as {@code : message}, or nothing. */
  static String message(HttpResponse<String> r) {
    try {
      JsonNode errors = JSON.readTree(r.body()).get("errors");
      return errors != null && errors.size() > 0 ? ": " + errors.get(0).path("message").asText() : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The URL without maintenance tokens, for messages and logs. */
  static String redact(String url) {
    return url.replaceAll("token=[^&]*", "token=***");
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String text(JsonNode body, String field) {
    JsonNode n = body == null ? null : body.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
