package dev.runbook.activities.bitbucket;

import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.BitbucketStatus;
import dev.runbook.workflows.bitbucket.BitbucketVersion;
import dev.runbook.workflows.bitbucket.MaintenanceLock;
import dev.runbook.workflows.bitbucket.MaintenanceRequest;
import dev.runbook.workflows.bitbucket.MeshConnectivity;
import dev.runbook.workflows.bitbucket.MeshNodeList;
import dev.runbook.workflows.bitbucket.MeshWait;
import dev.runbook.workflows.bitbucket.StatusWait;
import dev.runbook.activities.catalog.HeldLock;
import dev.runbook.activities.catalog.LockRecords;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BitbucketActivities}: resolves the instance's URL and credentials, then calls {@link BitbucketClient}. */
public final class BitbucketActivitiesImpl implements BitbucketActivities {
  private static final Logger log = LoggerFactory.getLogger(BitbucketActivitiesImpl.class);

  private final ConfigSource config;
  private final Secrets secrets;
  private final HttpClient http = BitbucketClient.newHttpClient();
  /** The pause between polls (drain, status, Mesh nodes); Bitbucket drains in seconds to minutes. */
  static final java.time.Duration DRAIN_POLL = java.time.Duration.ofSeconds(1);
  /**
   * The first pause between polls of /status; each pause doubles up to {@link #DRAIN_POLL}. A stop or start
   * that is over at once (a node already stopped, a restore's short outage) is seen within 100 ms, not a
   * second later, and a long start is still polled once a second.
   */
  static final java.time.Duration STATUS_FIRST_POLL = java.time.Duration.ofMillis(100);

  private final LockRecords locks;

  /** Records no maintenance lock: for tests of the protocol alone. */
  public BitbucketActivitiesImpl(ConfigSource config, Secrets secrets) {
    this(config, secrets, LockRecords.NONE);
  }

  /** @param locks where each maintenance lock taken is recorded with its token until released, for {@code runbook sweep} */
  public BitbucketActivitiesImpl(ConfigSource config, Secrets secrets, LockRecords locks) {
    this.config = config;
    this.secrets = secrets;
    this.locks = locks;
  }

  @Override
  public BitbucketStatus status(BitbucketRequest request) {
    BitbucketStatus s = call(request, BitbucketClient::status);
    log.info("{}: {} answered {} (HTTP {})", request.instance(), s.url(), s.state(), s.httpStatus());
    return s;
  }

  @Override
  public BitbucketVersion version(BitbucketRequest request) {
    BitbucketVersion v = call(request, BitbucketClient::applicationProperties);
    log.info("{}: {} {} (build {})", request.instance(), v.displayName(), v.version(), v.buildNumber());
    return v;
  }

  @Override
  public MaintenanceLock lock(BitbucketRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    // What an earlier attempt of this step recorded before its worker died, so the lock it took is used.
    MaintenanceLock earlier = context.getHeartbeatDetails(MaintenanceLock.class).orElse(null);
    boolean retry = context.getInfo().getAttempt() > 1;
    MaintenanceLock lock = call(request, c -> c.lock(earlier, retry, context::heartbeat));
    // Recorded for runbook sweep, which unlocks Bitbucket when this run is terminated on the server.
    var info = context.getInfo();
    try {
      locks.lockTaken(new HeldLock(request.instance(), info.getRunId(), info.getWorkflowId(), lock.unlockToken(), Instant.now()));
    } catch (SQLException e) {
      // Never hold a lock that only this run's memory could release: unlock, and let the step retry.
      call(request, client -> {
        client.unlock(lock.unlockToken());
        return null;
      });
      throw ApplicationFailure.newFailure("the maintenance lock was taken but could not be recorded in the catalog ("
          + e.getMessage() + "); it was released again", FailureTypes.CATALOG_UNAVAILABLE);
    }
    log.info("{}: maintenance lock taken, external backup started", request.instance());
    return lock;
  }

  @Override
  public void awaitDrained(MaintenanceRequest request) {
    long deadline = System.nanoTime() + request.drainTimeout().toNanos();
    call(new BitbucketRequest(request.instance()), client -> {
      while (true) {
        BitbucketClient.MaintenanceState state = client.maintenance(request.lock().unlockToken());
        Activity.getExecutionContext().heartbeat(state.dbState() + "/" + state.scmState());
        if (state.taskState() != null && !"RUNNING".equals(state.taskState())) {
          throw new BitbucketException(FailureTypes.BITBUCKET_STATE, "Bitbucket's backup task is " + state.taskState()
              + " while draining (database " + state.dbState() + ", repositories " + state.scmState() + ")");
        }
        if (state.drained()) {
          log.info("{}: database and repositories drained", request.instance());
          return null;
        }
        if (System.nanoTime() > deadline) {
          throw new BitbucketException(FailureTypes.BITBUCKET_STATE, "Bitbucket did not drain within "
              + request.drainTimeout().toSeconds() + " s (database " + state.dbState() + ", repositories "
              + state.scmState() + ")");
        }
        pause("the drain");
      }
    });
  }

  @Override
  public BitbucketStatus awaitStatus(StatusWait wait) {
    long deadline = System.nanoTime() + wait.timeout().toNanos();
    return call(new BitbucketRequest(wait.instance()), client -> {
      BitbucketStatus last = null;
      long pause = STATUS_FIRST_POLL.toMillis();
      while (true) {
        try {
          last = client.status();
        } catch (BitbucketException e) {
          if (FailureTypes.BITBUCKET_AUTH.equals(e.type())) {
            throw e;
          }
          // No state is no RUNNING: refused connections, and a load balancer's own error page (a 503
          // or 404 that is not JSON) when no node is up. Waiting for the start keeps polling.
          last = new BitbucketStatus(e.getMessage(), 0, null);
        }
        Activity.getExecutionContext().heartbeat(last.state());
        if (last.running() == wait.running()) {
          log.info("{}: /status {}", wait.instance(), last.state() == null ? "does not answer" : "answers " + last.state());
          return last;
        }
        if (System.nanoTime() > deadline) {
          throw new BitbucketException(FailureTypes.BITBUCKET_STATE, wait.running()
              ? "Bitbucket did not answer RUNNING within " + wait.timeout().toSeconds() + " s (last: "
                  + (last.state() == null ? last.url() : last.state()) + ")"
              : "Bitbucket still answers RUNNING after " + wait.timeout().toSeconds() + " s: are its services stopped on every node?");
        }
        pause("/status", pause);
        pause = Math.min(pause * 2, DRAIN_POLL.toMillis());
      }
    });
  }

  @Override
  public MeshNodeList meshNodes(BitbucketRequest request) {
    MeshNodeList nodes = call(request, c -> new MeshClient(c).nodes());
    log.info("{}: Bitbucket lists {} Mesh node(s) and {} sidecar(s)", request.instance(), nodes.meshNodes().size(),
        nodes.nodes().size() - nodes.meshNodes().size());
    return nodes;
  }

  @Override
  public MeshConnectivity meshConnectivity(BitbucketRequest request) {
    MeshConnectivity report = call(request, c -> new MeshClient(c).connectivity());
    log.info("{}: Mesh connectivity: {} link(s), {} unreachable", request.instance(), report.links().size(),
        report.unreachable().size());
    return report;
  }

  @Override
  public MeshNodeList awaitMeshAvailable(MeshWait wait) {
    long deadline = System.nanoTime() + wait.timeout().toNanos();
    return call(new BitbucketRequest(wait.instance()), client -> {
      MeshClient mesh = new MeshClient(client);
      while (true) {
        MeshNodeList nodes = null;
        String unanswered = null;
        try {
          nodes = mesh.nodes();
        } catch (BitbucketException e) {
          if (FailureTypes.BITBUCKET_AUTH.equals(e.type())) {
            throw e;
          }
          // Bitbucket starting, or a load balancer's error page while no node is up: not yet.
          unanswered = e.getMessage();
        }
        String pending = notAvailable(wait.names(), nodes, unanswered);
        Activity.getExecutionContext().heartbeat(pending);
        if (pending.isEmpty()) {
          log.info("{}: Mesh nodes {} AVAILABLE", wait.instance(), wait.names());
          return nodes;
        }
        if (System.nanoTime() > deadline) {
          throw new BitbucketException(FailureTypes.BITBUCKET_STATE, "Bitbucket did not report every Mesh node "
              + "AVAILABLE within " + wait.timeout().toSeconds() + " s: " + pending);
        }
        pause("the Mesh nodes");
      }
    });
  }

  /** Each named node not AVAILABLE with its state, as {@code mesh2 (OFFLINE), mesh3 (not registered)}; empty when none. */
  static String notAvailable(List<String> names, MeshNodeList nodes, String unanswered) {
    List<String> pending = new ArrayList<>();
    for (String name : names) {
      if (nodes == null) {
        pending.add(name + " (Bitbucket did not answer: " + unanswered + ")");
        continue;
      }
      nodes.named(name).ifPresentOrElse(n -> {
        if (!n.available()) {
          pending.add(name + " (" + n.state() + ")");
        }
      }, () -> pending.add(name + " (not registered)"));
    }
    return String.join(", ", pending);
  }

  @Override
  public void progress(MaintenanceRequest request) {
    call(new BitbucketRequest(request.instance()), client -> {
      client.progress(request.lock().unlockToken(), request.percentage());
      return null;
    });
  }

  @Override
  public void unlock(MaintenanceRequest request) {
    call(new BitbucketRequest(request.instance()), client -> {
      client.unlock(request.lock().unlockToken());
      return null;
    });
    forget(request.instance(), request.lock().unlockToken());
    log.info("{}: maintenance lock released", request.instance());
  }

  /** Forgets a released lock; a record left behind only makes the sweep try an unlock Bitbucket answers with 409. */
  private void forget(String instance, String unlockToken) {
    try {
      locks.lockReleased(instance, unlockToken);
    } catch (SQLException e) {
      log.warn("{}: the released maintenance lock is still recorded in the catalog: {}", instance, e.getMessage());
    }
  }

  /** Waits one {@link #DRAIN_POLL} between two polls. */
  private static void pause(String what) {
    pause(what, DRAIN_POLL.toMillis());
  }

  private static void pause(String what, long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BitbucketException(FailureTypes.BITBUCKET_UNREACHABLE, "interrupted while waiting for " + what);
    }
  }

  private <T> T call(BitbucketRequest request, Function<BitbucketClient, T> what) {
    InstanceConfig in = ConfigActivitiesImpl.instance(config, request.instance());
    BitbucketClient client = BitbucketCalls.client(secrets, http, in);
    return BitbucketCalls.typed(() -> what.apply(client));
  }
}
