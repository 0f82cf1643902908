package dev.runbook.testkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The primary (upstream) side of Bitbucket smart mirroring as {@code shared/reference/bitbucket-rest.md}
 * describes it: mirror server records and mirroring (authorization) requests, served under both
 * {@code /rest/mirroring/latest} and {@code /rest/mirroring/1.0} with admin basic authentication
 * (routes in {@code PrimaryMirroringRoutes}).
 *
 * <p>Mirrors played by a {@link MirrorSimulator} are linked to the primary they register on: accepting
 * their request installs them, rejecting it or deleting their record removes them. A staging instance
 * made with {@link #cloneFrom(PrimaryMirroring)} keeps the link to production's mirrors, so deleting a
 * mirror there plays the seed's incident (the production mirror becomes REMOVED while production's record
 * stays, stale).
 *
 * <p>A record's {@code lastSeenDate} advances while its mirror checks in (every 200 ms while INSTALLED
 * with a node listening) and freezes otherwise; records of mirrors that are not simulated never advance.
 * All methods are thread-safe.
 */
public final class PrimaryMirroring {
  /** How the primary lists a mirror; there is no state field, as in Bitbucket. {@code lastSeenDate} is epoch millis. */
  public record MirrorServer(String id, String name, String baseUrl, boolean enabled, long lastSeenDate,
      String mirrorType, String productVersion) {}

  /** A mirroring (authorization) request; {@code state} is PENDING, ACCEPTED or REJECTED. */
  public record MirrorRequest(int id, String mirrorId, String mirrorName, String mirrorBaseUrl, String mirrorType,
      String productVersion, String state) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final BitbucketSimulator bitbucket;
  private final String serverId = randomId();
  private final Map<String, ServerEntry> servers = new LinkedHashMap<>();
  private final Map<Integer, MirrorRequest> requests = new LinkedHashMap<>();
  // Mirrors whose upstream is this primary, and production mirrors a staging clone can still reach.
  private final Map<String, MirrorSimulator> ownMirrors = new HashMap<>();
  private final Map<String, MirrorSimulator> clonedMirrors = new HashMap<>();
  private final Map<String, Integer> accepts = new HashMap<>();
  private final Map<String, Integer> deletes = new HashMap<>();
  private int nextRequestId = 1;

  PrimaryMirroring(BitbucketSimulator bitbucket) {
    this.bitbucket = bitbucket;
  }

  /** This primary's server id, as its mirrors report it for their upstream; fixed for the simulator's life. */
  public String serverId() {
    return serverId;
  }

  /** The mirror server records, in the order they were added. */
  public synchronized List<MirrorServer> servers() {
    return servers.values().stream().map(ServerEntry::view).toList();
  }

  /** The record with this mirror id, if the primary holds one. */
  public synchronized Optional<MirrorServer> server(String id) {
    return Optional.ofNullable(servers.get(id)).map(ServerEntry::view);
  }

  /** Every mirroring request ever made and not deleted, oldest first. */
  public synchronized List<MirrorRequest> requests() {
    return List.copyOf(requests.values());
  }

  /** How many requests with this mirror id were ever accepted on this primary. */
  public synchronized int accepts(String mirrorId) {
    return accepts.getOrDefault(mirrorId, 0);
  }

  /** How many times a record with this mirror id was deleted on this primary. */
  public synchronized int deletes(String mirrorId) {
    return deletes.getOrDefault(mirrorId, 0);
  }

  /**
   * Adds a PENDING request from a mirror that is not simulated (SINGLE, the primary's version). Accepting
   * it only adds a server record, whose {@code lastSeenDate} then never advances.
   */
  public synchronized MirrorRequest addPendingRequest(String mirrorId, String name, String baseUrl) {
    return newRequest(mirrorId, name, baseUrl, "SINGLE", bitbucket.version());
  }

  /**
   * Makes this instance a staging copy of {@code production}: copies every server record with the same ids,
   * base URLs and {@code lastSeenDate} (frozen here), and links production's simulated mirrors, so that
   * deleting one of them here sets that mirror REMOVED while production keeps its record.
   */
  public void cloneFrom(PrimaryMirroring production) {
    // Snapshot under production's lock, then write under ours: never both locks at once.
    List<ServerEntry> copies = new ArrayList<>();
    Map<String, MirrorSimulator> links;
    synchronized (production) {
      production.servers.values().forEach(e -> copies.add(e.copy()));
      links = new HashMap<>(production.ownMirrors);
    }
    synchronized (this) {
      for (ServerEntry copy : copies) {
        servers.put(copy.id, copy);
        MirrorSimulator mirror = links.get(copy.id);
        if (mirror != null) {
          clonedMirrors.put(copy.id, mirror);
        }
      }
    }
  }

  /**
   * Moves a record's {@code lastSeenDate} {@code by} further into the past. The age stays: later check-ins
   * of a healthy mirror report "now minus the age", so the record keeps looking this old.
   *
   * @throws IllegalArgumentException when the primary holds no record with this id
   */
  public synchronized void ageLastSeen(String mirrorId, Duration by) {
    ServerEntry entry = servers.get(mirrorId);
    if (entry == null) {
      throw new IllegalArgumentException("no mirror server record " + mirrorId);
    }
    entry.ageMillis += by.toMillis();
  }

  // --- hooks for MirrorSimulator (it may hold its own lock when calling; we never call it holding ours) ---

  synchronized void register(MirrorSimulator mirror) {
    ownMirrors.put(mirror.id(), mirror);
    servers.put(mirror.id(), new ServerEntry(mirror.id(), mirror.name(), mirror.baseUrl().toString(),
        mirror.mirrorType(), mirror.version()));
  }

  synchronized boolean holdsServer(String mirrorId) {
    return servers.containsKey(mirrorId);
  }

  synchronized MirrorRequest requestFrom(MirrorSimulator mirror) {
    ownMirrors.put(mirror.id(), mirror);
    return newRequest(mirror.id(), mirror.name(), mirror.baseUrl().toString(), mirror.mirrorType(), mirror.version());
  }

  synchronized boolean pending(int requestId) {
    MirrorRequest r = requests.get(requestId);
    return r != null && r.state().equals("PENDING");
  }

  /** A healthy mirror checking in: its record, if any, is seen now. */
  synchronized void checkIn(String mirrorId) {
    ServerEntry entry = servers.get(mirrorId);
    if (entry != null && ownMirrors.containsKey(mirrorId)) {
      entry.lastCheckIn = System.currentTimeMillis();
    }
  }

  /** The primary's base URL, as its mirrors name their upstream. */
  String baseUrl() {
    return bitbucket.baseUrl().toString();
  }

  // --- operations behind the REST endpoints; mirrors are told after our lock is released ---

  /** The outcome of an operation: an HTTP-ish status and the value to answer with. */
  record Outcome(int status, Object value) {}

  Outcome deleteServer(String id) {
    MirrorSimulator own;
    MirrorSimulator cloned;
    synchronized (this) {
      if (servers.remove(id) == null) {
        return new Outcome(404, "Mirror server " + id + " does not exist");
      }
      deletes.merge(id, 1, Integer::sum);
      own = ownMirrors.get(id);
      cloned = clonedMirrors.remove(id);
    }
    if (own != null) {
      own.recordDeletedOnUpstream();
    } else if (cloned != null) {
      cloned.playStagingDeletion();
    }
    return new Outcome(204, null);
  }

  Outcome decide(int requestId, boolean accept) {
    MirrorSimulator mirror;
    Outcome outcome;
    synchronized (this) {
      MirrorRequest r = requests.get(requestId);
      if (r == null) {
        return new Outcome(404, "Mirroring request " + requestId + " does not exist");
      }
      if (!r.state().equals("PENDING")) {
        return new Outcome(409, "Mirroring request " + requestId + " is " + r.state() + ", not PENDING");
      }
      MirrorRequest decided = new MirrorRequest(r.id(), r.mirrorId(), r.mirrorName(), r.mirrorBaseUrl(),
          r.mirrorType(), r.productVersion(), accept ? "ACCEPTED" : "REJECTED");
      requests.put(requestId, decided);
      if (accept) {
        ServerEntry added = new ServerEntry(r.mirrorId(), r.mirrorName(), r.mirrorBaseUrl(), r.mirrorType(),
            r.productVersion());
        servers.put(added.id, added);
        accepts.merge(r.mirrorId(), 1, Integer::sum);
        outcome = new Outcome(200, added.view());
      } else {
        outcome = new Outcome(200, decided);
      }
      mirror = ownMirrors.get(r.mirrorId());
    }
    if (mirror != null) {
      mirror.requestDecided(requestId, accept);
    }
    return outcome;
  }

  synchronized Outcome deleteRequest(int requestId) {
    return requests.remove(requestId) == null
        ? new Outcome(404, "Mirroring request " + requestId + " does not exist")
        : new Outcome(204, null);
  }

  synchronized Optional<MirrorRequest> request(int requestId) {
    return Optional.ofNullable(requests.get(requestId));
  }

  synchronized List<MirrorRequest> requests(String state) {
    return requests.values().stream().filter(r -> state == null || r.state().equals(state)).toList();
  }

  private MirrorRequest newRequest(String mirrorId, String name, String baseUrl, String type, String version) {
    Objects.requireNonNull(mirrorId, "mirrorId");
    MirrorRequest r = new MirrorRequest(nextRequestId++, mirrorId, name, baseUrl, type, version, "PENDING");
    requests.put(r.id(), r);
    return r;
  }

  /** A random id in Bitbucket's mirror id form, {@code XXXX-XXXX-XXXX-XXXX}, upper-case letters and digits. */
  static String randomId() {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** A mutable record; guarded by the owning PrimaryMirroring's lock. */
  private static final class ServerEntry {
    final String id;
    final String name;
    final String baseUrl;
    final String mirrorType;
    final String productVersion;
    long lastCheckIn = System.currentTimeMillis();
    long ageMillis;

    ServerEntry(String id, String name, String baseUrl, String mirrorType, String productVersion) {
      this.id = id;
      this.name = name;
      this.baseUrl = baseUrl;
      this.mirrorType = mirrorType;
      this.productVersion = productVersion;
    }

    ServerEntry copy() {
      ServerEntry c = new ServerEntry(id, name, baseUrl, mirrorType, productVersion);
      c.lastCheckIn = lastCheckIn;
      c.ageMillis = ageMillis;
      return c;
    }

    MirrorServer view() {
      return new MirrorServer(id, name, baseUrl, true, lastCheckIn - ageMillis, mirrorType, productVersion);
    }
  }
}
