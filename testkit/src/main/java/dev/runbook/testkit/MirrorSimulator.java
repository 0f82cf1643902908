package dev.runbook.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Bitbucket smart mirror (one node, or a farm of several) paired with a {@link BitbucketSimulator} as its
 * primary, speaking the 8.x or 9.x mirror-side REST API of {@code shared/reference/bitbucket-rest.md} over
 * HTTP on 127.0.0.1 (routes in {@code MirrorRoutes}).
 *
 * <p>Every node listens on its own port; a front URL, like the farm's load balancer, serves the same API
 * while any node listens and answers 503 with an HTML page when none does. The mirror starts INSTALLED,
 * fully synchronized and registered on its primary. It plays the seed's incident and its recovery
 * ({@code shared/seeds/bitbucket-mirror-recovery.txt}): a deletion on a staging clone sets it REMOVED,
 * {@code GET /mirror?reconnect=1} sends a new authorization request only once the primary no longer holds
 * its stale record, and an accepted request installs it again and resynchronizes it. All methods are
 * thread-safe; background timers run on one daemon scheduler stopped by {@link #close()}.
 */
public final class MirrorSimulator implements AutoCloseable {
  private final BitbucketSimulator primary;
  private final String id;
  private final String name;
  private final String version;
  private final String adminUser;
  private final String adminPassword;
  private final MirrorNodes nodes;
  private final MirrorPairing pairing;
  private final AtomicInteger reconnects = new AtomicInteger();

  private MirrorSimulator(Builder b) {
    this.primary = b.primary;
    this.id = b.id;
    this.name = b.name;
    this.version = b.version;
    this.adminUser = b.adminUser;
    this.adminPassword = b.adminPassword;
    this.pairing = new MirrorPairing(this, b.totalRepos, b.syncInterval, b.installDelay);
    this.nodes = new MirrorNodes(b.nodes, pairing::nodeRestarted);
  }

  /**
   * A builder for a mirror of {@code primary}; defaults: name {@code mirror-1}, a random id, version 8.19.4,
   * one node, 12 repositories, one more repository synchronized every 100 ms, installed 300 ms after an
   * accepted request, admin {@code admin} / {@code mirror-admin-password}.
   */
  public static Builder builder(BitbucketSimulator primary) {
    return new Builder(primary);
  }

  /** The front URL (the farm's one URL, like a load balancer), for example {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return nodes.frontUrl();
  }

  /** Each node's own URL, in node index order. */
  public List<URI> nodeUrls() {
    return nodes.nodeUrls();
  }

  /** The mirror id the primary lists it under, {@code XXXX-XXXX-XXXX-XXXX}. */
  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  /** The Bitbucket version this mirror runs; major 8 serves the 8.x API, 9 and later the 9.x API. */
  public String version() {
    return version;
  }

  /** The mirror's state for its upstream: INSTALLED, PENDING or REMOVED (reference enum). */
  public String upstreamState() {
    return pairing.upstreamState();
  }

  /** How many repositories are synchronized now. */
  public int syncedRepos() {
    return pairing.progress().syncedRepos();
  }

  /** How many repositories the mirror synchronizes in all. */
  public int totalRepos() {
    return pairing.progress().totalRepos();
  }

  public String adminUser() {
    return adminUser;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** How many {@code GET /mirror?reconnect=1} calls arrived (authenticated or not). */
  public int reconnects() {
    return reconnects.get();
  }

  /**
   * Plays the seed's incident: a staging clone deleted this mirror, so its upstream state becomes REMOVED
   * while the primary keeps its record, which goes stale ({@code lastSeenDate} stops advancing).
   */
  public void playStagingDeletion() {
    pairing.playStagingDeletion();
  }

  /**
   * With {@code true}, synchronization after the next accepted request stops at a third of the
   * repositories and stays there until every node has been restarted (stopped, then running again) after
   * this call; then it continues to {@link #totalRepos()}. {@code false} lifts the switch.
   */
  public void setSyncStuckUntilRestart(boolean stuck) {
    pairing.setSyncStuckUntilRestart(stuck);
  }

  /**
   * With {@code true}, a request the primary accepts leaves the mirror PENDING until {@code false} is set
   * again; it then becomes INSTALLED after the install delay. Lets a test stop a run between the accept and
   * INSTALLED however slow the machine is.
   */
  public void setInstallHeld(boolean held) {
    pairing.setInstallHeld(held);
  }

  /**
   * Stops a node listening (connections refused, as with its service down) or listens again on the same
   * port; a stopped-then-listening node counts as restarted for {@link #setSyncStuckUntilRestart}.
   */
  public void setNodeListening(int nodeIndex, boolean listening) {
    nodes.setListening(nodeIndex, listening);
  }

  /**
   * Plays node {@code nodeIndex}'s service as its scripts drive it, with the contract of
   * {@link BitbucketSimulator#followServiceState}: a daemon thread reads {@code stateFile} every 100 ms;
   * {@code stopped} stops the node listening, {@code running} listens again answering STARTING on
   * {@code /status} for {@code startup}; a missing file means running.
   */
  public void followServiceState(int nodeIndex, Path stateFile, Duration startup) {
    nodes.followServiceState(nodeIndex, stateFile, startup);
  }

  // --- for the routes and the primary ---

  PrimaryMirroring upstream() {
    return primary.mirroring();
  }

  int nodeCount() {
    return nodes.count();
  }

  int nodePort(int nodeIndex) {
    return nodes.port(nodeIndex);
  }

  String nodeId(int nodeIndex) {
    return nodes.id(nodeIndex);
  }

  String mirrorType() {
    return nodes.count() > 1 ? "FARM" : "SINGLE";
  }

  boolean anyNodeListening() {
    return nodes.anyListening();
  }

  boolean nodeListening(int nodeIndex) {
    return nodes.listening(nodeIndex);
  }

  boolean nodeStarting(int nodeIndex) {
    return nodes.starting(nodeIndex);
  }

  MirrorPairing.Progress progress() {
    return pairing.progress();
  }

  void countReconnect() {
    reconnects.incrementAndGet();
  }

  MirrorPairing.ReconnectResult reconnect() {
    return pairing.reconnect();
  }

  /** The primary accepted or rejected request {@code requestId} of this mirror. */
  void requestDecided(int requestId, boolean accepted) {
    pairing.requestDecided(requestId, accepted);
  }

  /** The primary deleted this mirror's record. */
  void recordDeletedOnUpstream() {
    pairing.recordDeletedOnUpstream();
  }

  private MirrorSimulator startAll() {
    try {
      nodes.start(this);
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("could not start the mirror simulator on 127.0.0.1", e);
    }
    upstream().register(this);
    pairing.start();
    return this;
  }

  /** Stops the timers, the service followers, every node and the front; the primary keeps its record. */
  @Override
  public void close() {
    pairing.close();
    nodes.close();
  }

  /** Builds and starts a {@link MirrorSimulator}. */
  public static final class Builder {
    private final BitbucketSimulator primary;
    private String name = "mirror-1";
    private String id = PrimaryMirroring.randomId();
    private String version = "8.19.4";
    private int nodes = 1;
    private int totalRepos = 12;
    private Duration syncInterval = Duration.ofMillis(100);
    private Duration installDelay = Duration.ofMillis(300);
    private String adminUser = "admin";
    private String adminPassword = "mirror-admin-password";

    private Builder(BitbucketSimulator primary) {
      this.primary = Objects.requireNonNull(primary, "primary");
    }

    /** The mirror's display name; default {@code mirror-1}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /** The mirror id; default a random one in the {@code XXXX-XXXX-XXXX-XXXX} form. */
    public Builder id(String id) {
      this.id = Objects.requireNonNull(id);
      return this;
    }

    /** The Bitbucket version; default 8.19.4. Major 8 serves the 8.x mirror API, 9 the 9.x one. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version);
      return this;
    }

    /** How many nodes; default 1. More than one makes the mirror type FARM. */
    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("a mirror needs at least one node");
      }
      this.nodes = nodes;
      return this;
    }

    /** How many repositories the mirror synchronizes; default 12. */
    public Builder totalRepos(int totalRepos) {
      if (totalRepos < 0) {
        throw new IllegalArgumentException("totalRepos must be >= 0");
      }
      this.totalRepos = totalRepos;
      return this;
    }

    /** How long synchronizing one more repository takes; default 100 ms. */
    public Builder syncInterval(Duration syncInterval) {
      this.syncInterval = Objects.requireNonNull(syncInterval);
      return this;
    }

    /** How long after an accepted request the mirror becomes INSTALLED; default 300 ms. */
    public Builder installDelay(Duration installDelay) {
      this.installDelay = Objects.requireNonNull(installDelay);
      return this;
    }

    /** The mirror's admin account for basic authentication; default {@code admin} / {@code mirror-admin-password}. */
    public Builder admin(String user, String password) {
      this.adminUser = Objects.requireNonNull(user);
      this.adminPassword = Objects.requireNonNull(password);
      return this;
    }

    /** Starts every node and the front on 127.0.0.1 at free ports and registers the mirror on its primary. */
    public MirrorSimulator start() {
      return new MirrorSimulator(this).startAll();
    }
  }
}
