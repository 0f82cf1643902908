package dev.runbook.testkit;

import dev.runbook.testkit.internal.HttpRouter;
import dev.runbook.testkit.internal.Json;
import dev.runbook.testkit.internal.Request;
import dev.runbook.testkit.internal.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Bitbucket Data Center node speaking the documented REST API over HTTP on 127.0.0.1, for tests
 * and the demo. It answers the paths, fields, states and status codes of
 * {@code shared/reference/bitbucket-rest.md}; later runbooks extend it with the maintenance and
 * mirroring endpoints.
 *
 * <p>Implemented so far: {@code GET /status} (no authentication),
 * {@code GET /rest/api/1.0/application-properties} (HTTP basic authentication as the configured
 * admin), the maintenance-lock and external-backup protocol ({@link #maintenance()}), the primary
 * side of smart mirroring ({@link #mirroring()}, with {@link MirrorSimulator} playing mirrors), and
 * Bitbucket Mesh's node list and connectivity report ({@link #mesh()}). Control endpoints live under {@code /__simulator/}, a prefix Bitbucket never uses, so
 * that operator scripts in tests (service start and stop) can change the simulated state:
 * {@code GET /__simulator/state} and {@code PUT /__simulator/state} with {@code {"state":"RUNNING"}}.
 */
public final class BitbucketSimulator implements AutoCloseable {
  /** Prefix of the control endpoints; Bitbucket itself never serves it. */
  public static final String CONTROL_PREFIX = "/__simulator";

  private final HttpRouter router = new HttpRouter();
  private final String version;
  private final String buildNumber;
  private final String adminUser;
  private final String adminPassword;
  private volatile ApplicationState state;
  private volatile int proxyErrorPage;
  private final MaintenanceSimulation maintenance = new MaintenanceSimulation(this);
  private final PrimaryMirroring mirroring = new PrimaryMirroring(this);
  private final MeshSimulation mesh = new MeshSimulation(this);
  private final java.util.List<Thread> followers = new java.util.concurrent.CopyOnWriteArrayList<>();

  private BitbucketSimulator(Builder b) {
    this.version = b.version;
    this.buildNumber = b.buildNumber != null ? b.buildNumber : buildNumberOf(b.version);
    this.adminUser = b.adminUser;
    this.adminPassword = b.adminPassword;
    this.state = b.state;
    router.route("GET", "/status", this::status);
    router.route("GET", "/rest/api/1\\.0/application-properties", this::applicationProperties);
    router.route("POST", "/mvc/maintenance/lock", maintenance::lock);
    router.route("DELETE", "/mvc/maintenance/lock", maintenance::unlock);
    router.route("GET", "/mvc/maintenance", maintenance::status);
    router.route("POST", "/mvc/maintenance", maintenance::cancel);
    router.route("POST", "/mvc/admin/backups", maintenance::startBackup);
    router.route("POST", "/mvc/admin/backups/progress/client", maintenance::progress);
    router.route("GET", CONTROL_PREFIX + "/state", r -> Response.json(200, Map.of("state", state.name())));
    router.route("PUT", CONTROL_PREFIX + "/state", this::putState);
    PrimaryMirroringRoutes.register(router, this, mirroring);
    mesh.register(router);
  }

  /** A builder for a simulator; defaults: version 8.19.4, RUNNING, admin user {@code admin}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The base URL clients use, for example {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + router.port());
  }

  public String adminUser() {
    return adminUser;
  }

  public String adminPassword() {
    return adminPassword;
  }

  public ApplicationState state() {
    return state;
  }

  /** The maintenance-lock simulation: switches and what clients did. */
  public MaintenanceSimulation maintenance() {
    return maintenance;
  }

  /**
   * The primary side of smart mirroring: mirror server records and authorization requests, linked to the
   * {@link MirrorSimulator}s that use this simulator as their primary.
   */
  public PrimaryMirroring mirroring() {
    return mirroring;
  }

  /**
   * Bitbucket Mesh: the Mesh nodes this Bitbucket has registered, each with a process listening on its RPC
   * port, and the sidecars it lists ({@code GET /rest/api/latest/admin/git/mesh/...}).
   */
  public MeshSimulation mesh() {
    return mesh;
  }

  /** The Bitbucket version this simulator reports, for example {@code 8.19.4}. */
  String version() {
    return version;
  }

  /** Changes what {@code /status} reports. */
  public void setState(ApplicationState state) {
    this.state = Objects.requireNonNull(state);
  }

  /**
   * Answers {@code /status} as a load balancer in front of Bitbucket does when no node is up: this
   * HTTP status with an HTML page, no JSON; 0 answers as Bitbucket again.
   */
  public void setProxyErrorPage(int httpStatus) {
    this.proxyErrorPage = httpStatus;
  }

  /** Stops listening (connections refused, as when the service is down) or listens again. */
  public void setListening(boolean listening) {
    try {
      router.setListening(listening);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Plays Bitbucket's service as the node's service scripts drive it: a background thread reads
   * {@code stateFile} every 100 ms; {@code stopped} stops listening (connections refused, as with the
   * service down), {@code running} listens again answering STARTING for {@code startup}, then
   * RUNNING. Service scripts in tests and the demo just write one of the two words.
   */
  public void followServiceState(java.nio.file.Path stateFile, java.time.Duration startup) {
    followers.add(ServiceStateFollower.follow(stateFile, () -> setListening(false), () -> {
      setState(ApplicationState.STARTING);
      setListening(true);
      Thread.sleep(startup.toMillis());
      setState(ApplicationState.RUNNING);
    }, "simulator-service-state"));
  }

  /** Number of requests that reached {@code METHOD path}. */
  public int hits(String method, String path) {
    return router.hits(method, path);
  }

  /** The router, for simulator extensions that add endpoints. */
  HttpRouter router() {
    return router;
  }

  private Response status(Request request) {
    if (proxyErrorPage != 0) {
      return Response.html(proxyErrorPage, "<html><body><h1>" + proxyErrorPage
          + " Service Unavailable</h1>No server is available to handle this request.</body></html>");
    }
    // Documented: STARTING answers 503; RUNNING, FIRST_RUN and MAINTENANCE answer 200.
    ApplicationState now = maintenance.locked() ? ApplicationState.MAINTENANCE : state;
    int code = now == ApplicationState.STARTING ? 503 : 200;
    return Response.json(code, Map.of("state", now.name()));
  }

  private Response applicationProperties(Request request) {
    Response denied = requireAdmin(request);
    if (denied != null) {
      return denied;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version);
    body.put("buildNumber", buildNumber);
    body.put("buildDate", "1730000000000");
    body.put("displayName", "Bitbucket");
    return Response.json(200, body);
  }

  private Response putState(Request request) throws IOException {
    String body = new String(request.body(), StandardCharsets.UTF_8);
    for (ApplicationState s : ApplicationState.values()) {
      if (body.contains("\"" + s.name() + "\"")) {
        state = s;
        return Response.json(200, Map.of("state", s.name()));
      }
    }
    return Response.json(400, Json.errors("unknown state in " + body));
  }

  /** Answers 401 as Bitbucket does when basic credentials are missing or wrong; null when they match. */
  Response requireAdmin(Request request) {
    boolean ok = request.basicCredentials()
        .map(c -> c[0].equals(adminUser) && c[1].equals(adminPassword))
        .orElse(false);
    if (ok) {
      return null;
    }
    return Response.json(401, Json.errors("Authentication failed. Please check your credentials and try again."))
        .header("WWW-Authenticate", "Basic realm=\"Atlassian Bitbucket\"");
  }

  /** {@code handler} behind {@link #requireAdmin}: 401 unless the request carries the admin's credentials. */
  HttpRouter.Handler adminOnly(HttpRouter.Handler handler) {
    return request -> {
      Response denied = requireAdmin(request);
      return denied != null ? denied : handler.handle(request);
    };
  }

  static String buildNumberOf(String version) {
    // Bitbucket build numbers encode the version: 8.19.4 -> 8019004.
    String[] p = version.split("\\.");
    int major = Integer.parseInt(p[0]);
    int minor = p.length > 1 ? Integer.parseInt(p[1]) : 0;
    int patch = p.length > 2 ? Integer.parseInt(p[2].replaceAll("\\D.*", "")) : 0;
    return Integer.toString(major * 1_000_000 + minor * 1_000 + patch);
  }

  @Override
  public void close() {
    followers.forEach(Thread::interrupt);
    mesh.close();
    router.close();
  }

  /** Application states {@code /status} reports. */
  public enum ApplicationState {
    STARTING,
    RUNNING,
    FIRST_RUN,
    MAINTENANCE
  }

  /** Builds and starts a {@link BitbucketSimulator}. */
  public static final class Builder {
    private String version = "8.19.4";
    private String buildNumber;
    private String adminUser = "admin";
    private String adminPassword = "simulator-admin-password";
    private ApplicationState state = ApplicationState.RUNNING;

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder buildNumber(String buildNumber) {
      this.buildNumber = buildNumber;
      return this;
    }

    public Builder admin(String user, String password) {
      this.adminUser = user;
      this.adminPassword = password;
      return this;
    }

    public Builder state(ApplicationState state) {
      this.state = state;
      return this;
    }

    /** Starts the simulator on 127.0.0.1 at a free port. */
    public BitbucketSimulator start() {
      BitbucketSimulator sim = new BitbucketSimulator(this);
      try {
        sim.router.start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start the Bitbucket simulator on 127.0.0.1", e);
      }
      return sim;
    }
  }
}
