package dev.runbook.activities.mirror;

import static dev.runbook.activities.mirror.MirrorLink.rest;

import dev.runbook.activities.bitbucket.BitbucketClient;
import dev.runbook.activities.bitbucket.BitbucketException;
import dev.runbook.activities.bitbucket.MirroringClient;
import dev.runbook.activities.bitbucket.MirroringClient.MirrorServer;
import dev.runbook.activities.bitbucket.MirroringClient.Upstream;
import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.MirrorConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.mirror.AcceptCall;
import dev.runbook.workflows.mirror.Acceptance;
import dev.runbook.workflows.mirror.InstanceMirrorsCall;
import dev.runbook.workflows.mirror.MirrorActivities;
import dev.runbook.workflows.mirror.MirrorCall;
import dev.runbook.workflows.mirror.MirrorInspection;
import dev.runbook.workflows.mirror.MirrorInspection.PendingRequest;
import dev.runbook.workflows.mirror.MirrorServers;
import dev.runbook.workflows.mirror.NodeWait;
import dev.runbook.workflows.mirror.NodeWaitCall;
import dev.runbook.workflows.mirror.Reauthorization;
import dev.runbook.workflows.mirror.StaleRecordRemoval;
import dev.runbook.workflows.mirror.SyncWait;
import dev.runbook.workflows.mirror.SyncWaitCall;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MirrorActivities} over {@link MirroringClient}; credentials resolved per call, never returned or logged. */
public final class MirrorActivitiesImpl implements MirrorActivities {
  private static final Logger log = LoggerFactory.getLogger(MirrorActivitiesImpl.class);
  /** How long the mirror's new request may take to show on the primary. */
  static final Duration REQUEST_WAIT = Duration.ofSeconds(30);

  private final ConfigSource config;
  private final Secrets secrets;
  private final HttpClient http = BitbucketClient.newHttpClient();

  public MirrorActivitiesImpl(ConfigSource config, Secrets secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  @Override
  public MirrorInspection inspect(MirrorCall call) {
    MirrorLink link = MirrorLink.open(config, secrets, http, call.mirror());
    MirrorInspection i = new Inspector(link).inspect(call.mirrorId());
    log.info("mirror {}: upstream {}, record {}, {} pending, progress {}", i.mirror(), i.upstreamState(),
        i.record() == null ? "absent" : i.record().id(), i.pending().size(), i.progress());
    return i;
  }

  @Override
  public StaleRecordRemoval removeStaleRecord(MirrorCall call) {
    MirrorLink link = MirrorLink.open(config, secrets, http, call.mirror());
    String state = rest(() -> upstreamState(link.client));
    List<MirrorServer> servers = rest(link.client::mirrorServers);
    String id = link.id(call.mirrorId(), servers);
    Optional<MirrorServer> record = link.record(id, servers);
    if ("INSTALLED".equals(state)) {
      return new StaleRecordRemoval(false, id, "kept: the mirror's upstream state is INSTALLED, so its record is not stale");
    }
    if (record.isEmpty()) {
      return new StaleRecordRemoval(false, id, "the primary holds no record of mirror " + (id != null ? id
          : link.config.baseUrl()) + ": nothing to remove");
    }
    if (!"REMOVED".equals(state) && !"UNKNOWN".equals(state)) {
      // PENDING with the record present: accepted and installing. No upstream or INITIALIZING: not the incident.
      return new StaleRecordRemoval(false, record.get().id(), "kept: the mirror's upstream state is " + state
          + ", so its record is not known to be stale");
    }
    MirrorServer r = record.get();
    if (!MirrorLink.sameUrl(r.baseUrl(), link.config.baseUrl())) {
      // An id copied from another mirror's entry must not delete that mirror's record.
      throw ApplicationFailure.newNonRetryableFailure("record " + r.id() + " on the primary is for " + r.baseUrl()
          + ", not for this mirror's " + link.config.baseUrl() + "; nothing was deleted. Check mirrorId and baseUrl of "
          + "mirror " + link.config.name() + " against the primary's mirror list", FailureTypes.MIRROR_MISMATCH);
    }
    Duration staleAfter = link.config.recovery().staleAfter();
    if ("UNKNOWN".equals(state) && r.lastSeenDate() != null
        && Duration.ofMillis(System.currentTimeMillis() - r.lastSeenDate()).compareTo(staleAfter) <= 0) {
      return new StaleRecordRemoval(false, r.id(), "kept: the mirror's upstream state is UNKNOWN, and the primary saw it "
          + "within " + staleAfter.toMinutes() + " min (staleAfter), so its record is not known to be stale");
    }
    boolean deleted = rest(() -> link.client.deleteMirrorServer(r.id()));
    log.info("mirror {}: deleted stale record {} ({}) on the primary: {}", link.config.name(), r.id(), r.baseUrl(), deleted);
    return new StaleRecordRemoval(deleted, r.id(), deleted
        ? "deleted record " + r.id() + " (" + r.name() + ", " + r.baseUrl() + ") on the primary; the mirror's upstream state "
            + "was " + state
        : "record " + r.id() + " was already gone");
  }

  @Override
  public Reauthorization requestAuthorization(MirrorCall call) {
    MirrorLink link = MirrorLink.open(config, secrets, http, call.mirror());
    String state = rest(() -> upstreamState(link.client));
    if ("INSTALLED".equals(state)) {
      return new Reauthorization(null, false, "not needed: the mirror's upstream state is INSTALLED");
    }
    List<MirrorServer> servers = rest(link.client::mirrorServers);
    String id = link.id(call.mirrorId(), servers);
    Optional<MirrorServer> record = link.record(id, servers);
    boolean removed = "REMOVED".equals(state) || "UNKNOWN".equals(state);
    if (state == null) {
      throw ApplicationFailure.newNonRetryableFailure("the mirror has no upstream registered, so it cannot ask again; "
          + "it must be set up again", FailureTypes.MIRROR_STATE);
    }
    if (record.isPresent()) {
      if (!removed) {
        return new Reauthorization(null, false, "not needed: the primary lists the mirror (record " + record.get().id()
            + ") and its upstream state is " + state + ", so its request was accepted");
      }
      throw ApplicationFailure.newNonRetryableFailure("the primary still holds record " + record.get().id()
          + " of this mirror, so a new request would fail; remove the stale record first", FailureTypes.MIRROR_STATE);
    }
    List<PendingRequest> before = mine(link, id);
    if (!removed && !before.isEmpty()) {
      // The mirror waits for this very request: use it rather than send another.
      PendingRequest waiting = before.get(before.size() - 1);
      return new Reauthorization(waiting.id(), false, "request " + waiting.id()
          + " from this mirror already waits on the primary; none sent");
    }
    // A REMOVED mirror waits for no request: only one it sends now counts, never a leftover.
    int newerThan = before.isEmpty() ? 0 : before.get(before.size() - 1).id();
    Activity.getExecutionContext().heartbeat("sending the reconnect");
    rest(() -> {
      link.client.requestReauthorization();
      return null;
    });
    log.info("mirror {}: reconnect sent; waiting for its request on the primary", link.config.name());
    long deadline = System.nanoTime() + REQUEST_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<PendingRequest> sent = mine(link, id).stream().filter(r -> r.id() > newerThan).reduce((a, b) -> b);
      if (sent.isPresent()) {
        return new Reauthorization(sent.get().id(), true, "the mirror sent request " + sent.get().id() + " ("
            + sent.get().mirrorName() + ", " + sent.get().mirrorBaseUrl() + ")");
      }
      Waits.pause(Duration.ofSeconds(1), "waiting for the mirror's request on the primary");
    }
    throw ApplicationFailure.newFailure("the mirror sent no authorization request within " + REQUEST_WAIT.toSeconds()
        + " s; its upstream state is " + rest(() -> upstreamState(link.client)), FailureTypes.MIRROR_NO_REQUEST);
  }

  @Override
  public Acceptance acceptRequest(AcceptCall call) {
    MirrorLink link = MirrorLink.open(config, secrets, http, call.mirror());
    String id = call.mirrorId() != null ? call.mirrorId() : link.config.mirrorId();
    Integer requestId = call.requestId();
    if (requestId == null) {
      Optional<PendingRequest> waiting = pending(link, id);
      if (waiting.isEmpty()) {
        List<MirrorServer> servers = rest(link.client::mirrorServers);
        Optional<MirrorServer> record = link.record(link.id(id, servers), servers);
        if (record.isPresent() && record.get().enabled()) {
          return new Acceptance(null, false, "nothing to accept: the primary lists the mirror (record "
              + record.get().id() + ")");
        }
        throw ApplicationFailure.newNonRetryableFailure("no PENDING request from mirror " + link.config.name()
            + " on the primary, and no record of it", FailureTypes.MIRROR_STATE);
      }
      requestId = waiting.get().id();
    }
    int rid = requestId;
    PendingRequest request = rest(() -> link.client.request(rid)).orElseThrow(() -> ApplicationFailure
        .newNonRetryableFailure("request " + rid + " no longer exists on the primary", FailureTypes.MIRROR_STATE));
    if (!link.mine(request, id)) {
      throw ApplicationFailure.newNonRetryableFailure("request " + rid + " is from mirror " + request.mirrorName() + " ("
          + request.mirrorId() + ", " + request.mirrorBaseUrl() + "), not " + link.config.name() + " ("
          + (id != null ? id + ", " : "") + link.config.baseUrl() + "); it was left alone", FailureTypes.MIRROR_MISMATCH);
    }
    if ("ACCEPTED".equals(request.state())) {
      return new Acceptance(rid, false, "request " + rid + " was already accepted; not accepted again");
    }
    if (!"PENDING".equals(request.state())) {
      throw ApplicationFailure.newNonRetryableFailure("request " + rid + " is " + request.state() + ", not PENDING",
          FailureTypes.MIRROR_STATE);
    }
    if (rest(() -> link.client.accept(rid))) {
      log.info("mirror {}: accepted request {} on the primary", link.config.name(), rid);
      return new Acceptance(rid, true, "accepted request " + rid + " from " + request.mirrorName() + " ("
          + request.mirrorId() + ")");
    }
    String now = rest(() -> link.client.request(rid)).map(PendingRequest::state).orElse("gone");
    if ("ACCEPTED".equals(now)) {
      return new Acceptance(rid, false, "request " + rid + " was already accepted; not accepted again");
    }
    throw ApplicationFailure.newNonRetryableFailure("the primary refused to accept request " + rid + " (now " + now + ")",
        FailureTypes.MIRROR_STATE);
  }

  @Override
  public SyncWait awaitSynchronized(SyncWaitCall call) {
    MirrorLink link = MirrorLink.open(config, secrets, http, call.mirror());
    return rest(() -> new SyncWaiter(link.client, call).await());
  }

  @Override
  public NodeWait awaitNodeRunning(NodeWaitCall call) {
    MirrorLink link = MirrorLink.open(config, secrets, http, call.mirror());
    MirrorConfig.MirrorNode node = link.config.node(call.node()).orElseThrow(() -> ApplicationFailure
        .newNonRetryableFailure("mirror " + link.config.name() + " has no node " + call.node(), FailureTypes.CONFIG_INVALID));
    if (node.url() == null) {
      return new NodeWait(false, false, "node " + node.name() + " has no url in the configuration: not waited for");
    }
    return rest(() -> waitRunning(link.node(node.url()), node, call));
  }

  private static NodeWait waitRunning(MirroringClient client, MirrorConfig.MirrorNode node, NodeWaitCall call) {
    long deadline = System.nanoTime() + call.timeout().toNanos();
    String last = "no answer yet";
    while (true) {
      try {
        last = client.mirrorStatus();
        if ("RUNNING".equals(last)) {
          return new NodeWait(true, true, "node " + node.name() + " answers RUNNING at " + node.url());
        }
      } catch (BitbucketException e) {
        if (!unreachable(e)) {
          throw e;
        }
        last = e.getMessage();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new NodeWait(true, false, "node " + node.name() + " not RUNNING within " + call.timeout().toSeconds() + " s: " + last);
      }
      Waits.pause(Duration.ofNanos(Math.min(left, call.pollInterval().toNanos())), "waiting for node " + node.name()
          + ": " + last);
    }
  }

  @Override
  public MirrorServers listMirrorServers(InstanceMirrorsCall call) {
    InstanceConfig in = ConfigActivitiesImpl.instance(config, call.instance());
    MirroringClient client = new MirroringClient(MirrorLink.primaryClient(secrets, http, in), null);
    List<MirrorServers.Server> servers = rest(client::mirrorServers).stream()
        .map(s -> new MirrorServers.Server(s.id(), s.name(), s.baseUrl())).toList();
    return new MirrorServers(in.name(), in.bitbucket().baseUrl(), servers);
  }

  /** This mirror's newest PENDING request: an older one may be left over from an earlier attempt. */
  private static Optional<PendingRequest> pending(MirrorLink link, String id) {
    List<PendingRequest> mine = mine(link, id);
    return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
  }

  /** This mirror's PENDING requests, by id (the primary numbers them in order). */
  private static List<PendingRequest> mine(MirrorLink link, String id) {
    return rest(() -> link.client.requests("PENDING")).stream().filter(r -> link.mine(r, id))
        .sorted(java.util.Comparator.comparingInt(PendingRequest::id)).toList();
  }

  /** The mirror's upstream state, or null when it has none registered. */
  static String upstreamState(MirroringClient client) {
    String version = client.mirrorVersion();
    return client.upstream(version).map(Upstream::state).orElse(null);
  }

  /** True for a failure that means the mirror did not answer (as opposed to a refusal). */
  static boolean unreachable(BitbucketException e) {
    return FailureTypes.BITBUCKET_UNREACHABLE.equals(e.type());
  }
}
