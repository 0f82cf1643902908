package dev.runbook.activities.sweep;

import dev.runbook.activities.bitbucket.BitbucketCalls;
import dev.runbook.activities.bitbucket.BitbucketClient;
import dev.runbook.activities.catalog.Catalog;
import dev.runbook.activities.catalog.CreatingRestorePoint;
import dev.runbook.activities.catalog.HeldLock;
import dev.runbook.activities.catalog.RunRecord;
import dev.runbook.activities.config.ConfigActivitiesImpl;
import dev.runbook.activities.config.ConfigSource;
import dev.runbook.activities.config.InstanceConfig;
import dev.runbook.activities.config.Secrets;
import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.verify.ScratchRequest;
import dev.runbook.workflows.verify.Verification;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.sweep.Leftovers;
import dev.runbook.workflows.sweep.LeftoversRequest;
import dev.runbook.workflows.sweep.StaleLease;
import dev.runbook.workflows.sweep.StaleLock;
import dev.runbook.workflows.sweep.StalePoint;
import dev.runbook.workflows.sweep.StaleRun;
import dev.runbook.workflows.sweep.StaleScratch;
import dev.runbook.workflows.sweep.SweepActivities;
import dev.runbook.workflows.sweep.SweptInstance;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link SweepActivities} on the catalog, Temporal ({@link RunInspector}) and Bitbucket. */
public final class SweepActivitiesImpl implements SweepActivities {
  private static final Logger log = LoggerFactory.getLogger(SweepActivitiesImpl.class);

  private final Catalog catalog;
  private final ConfigSource config;
  private final Secrets secrets;
  private final RunInspector temporal;
  private final HttpClient http = BitbucketClient.newHttpClient();

  public SweepActivitiesImpl(Catalog catalog, ConfigSource config, Secrets secrets, RunInspector temporal) {
    this.catalog = catalog;
    this.config = config;
    this.secrets = secrets;
    this.temporal = temporal;
  }

  @Override
  public Leftovers findLeftovers(LeftoversRequest request) {
    try {
      // One question to Temporal per run, however many rows name it.
      Map<String, Optional<RunInspector.Closed>> asked = new HashMap<>();
      java.util.function.BiFunction<String, String, Optional<RunInspector.Closed>> closed = (workflowId, runId) ->
          runId.equals(request.sweepRunId()) || workflowId == null ? Optional.empty()
              : asked.computeIfAbsent(runId, r -> temporal.closed(workflowId, r));
      List<StaleRun> runs = new ArrayList<>();
      for (RunRecord r : catalog.runningRuns()) {
        closed.apply(r.workflowId(), r.id()).ifPresent(c -> runs.add(new StaleRun(r.id(), r.workflowId(), r.runbook(),
            r.instance(), c.status(), c.reason())));
      }
      List<StaleLease> leases = new ArrayList<>();
      Set<String> busy = new java.util.HashSet<>();
      for (InstanceLease l : catalog.leases()) {
        Optional<RunInspector.Closed> c = closed.apply(l.workflowId(), l.runId());
        if (c.isPresent()) {
          leases.add(new StaleLease(l, c.get().describe()));
        } else {
          busy.add(l.instance());
        }
      }
      List<StaleLock> locks = new ArrayList<>();
      for (HeldLock l : catalog.heldLocks()) {
        closed.apply(l.workflowId(), l.runId()).ifPresent(c -> locks.add(new StaleLock(l.instance(), l.runId(), l.lockedAt(),
            c.describe())));
      }
      List<StalePoint> points = new ArrayList<>();
      for (CreatingRestorePoint p : catalog.creatingRestorePoints()) {
        if (p.workflowId() == null) {
          log.warn("restore point {} is CREATING but its run {} is not in the catalog; left alone", p.id(), p.runId());
          continue;
        }
        closed.apply(p.workflowId(), p.runId()).ifPresent(c -> points.add(new StalePoint(p.id(), p.instance(), p.runId(),
            c.describe())));
      }
      List<StaleScratch> scratches = new ArrayList<>();
      for (Verification v : catalog.runningVerifications()) {
        Optional<RunInspector.Closed> c = closed.apply(v.workflowId(), v.runId());
        if (c.isPresent()) {
          scratches.add(new StaleScratch(v.runId(), v.workflowId(), v.instance(), v.restorePointId(), v.startedAt(),
              ScratchRequest.labelOf(v.runId()), artifacts(v.restorePointId()), c.get().describe()));
        }
      }
      List<SweptInstance> instances = config.current().instances().stream()
          .map(i -> new SweptInstance(i.name(), i.restore().keepAside(), busy.contains(i.name()),
              i.home().snapshot().freezesMounts()))
          .collect(Collectors.toList());
      return new Leftovers(runs, leases, locks, points, instances, scratches);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  /** Every artifact the restore point had, deleted ones too: scratch copies are named after them and outlive them. */
  private List<Artifact> artifacts(String restorePointId) throws SQLException {
    return catalog.restorePointRecord(restorePointId).map(r -> r.artifacts().stream()
        .map(a -> new Artifact(a.name(), a.kind(), a.provider(), a.host(), a.location(), a.sizeBytes(), a.durationMs()))
        .toList()).orElse(List.of());
  }

  @Override
  public String releaseLock(StaleLock lock) {
    HeldLock held;
    try {
      held = catalog.heldLocks().stream().filter(l -> l.instance().equals(lock.instance()) && l.runId().equals(lock.runId()))
          .findFirst().orElse(null);
    } catch (SQLException e) {
      throw unavailable(e);
    }
    if (held == null) {
      return "no longer recorded: released meanwhile";
    }
    InstanceConfig in = ConfigActivitiesImpl.instance(config, lock.instance());
    BitbucketCalls.typed(() -> {
      // Bitbucket answers 409 when this session no longer holds the lock; the client counts that as unlocked.
      BitbucketCalls.client(secrets, http, in).unlock(held.unlockToken());
      return null;
    });
    try {
      catalog.lockReleased(held.instance(), held.unlockToken());
    } catch (SQLException e) {
      throw unavailable(e);
    }
    log.info("{}: maintenance lock of run {} released by the sweep", lock.instance(), lock.runId());
    return "Bitbucket is unlocked";
  }

  @Override
  public boolean closeRun(StaleRun run) {
    RunStatus status = "CANCELED".equals(run.temporalStatus()) ? RunStatus.CANCELLED : RunStatus.FAILED;
    String summary = "closed by runbook sweep: Temporal reports the run " + run.temporalStatus()
        + (run.reason() == null || run.reason().isBlank() ? "" : " (" + run.reason() + ")")
        + "; it could not record its own outcome";
    try {
      return catalog.closeRunning(run.runId(), status, summary, Instant.now());
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static ApplicationFailure unavailable(SQLException e) {
    return ApplicationFailure.newFailure("catalog unavailable: " + e.getMessage(), FailureTypes.CATALOG_UNAVAILABLE);
  }
}
