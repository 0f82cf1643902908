package dev.runbook.workflows.backup;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.bitbucket.MaintenanceLock;
import dev.runbook.workflows.bitbucket.MaintenanceRequest;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointLookup;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseDump;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeSnapshot;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.Deadline;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.InstanceClaim;
import dev.runbook.workflows.internal.Notifier;
import dev.runbook.workflows.internal.Promises;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.Retention;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link BackupWorkflow}; see docs/runbooks/backup.md for the steps. */
public class BackupWorkflowImpl extends RecordedRunbook implements BackupWorkflow {
  public BackupWorkflowImpl() {
    super(KIND);
  }

  /** The change that made the backup keep its own deadline ({@code backupDeadline}). */
  static final String DEADLINE_CHANGE = "backup-deadline";
  /** The change that ends a scheduled backup of a busy instance as SKIPPED rather than FAILED. */
  static final String SKIP_WHEN_BUSY_CHANGE = "backup-skip-when-busy";

  private final ConfigActivities config = ControlSteps.config();
  private final CatalogActivities catalog = ControlSteps.catalog();
  private final BitbucketActivities bitbucket = ControlSteps.bitbucket();
  private final BitbucketActivities unlocker = Workflow.newActivityStub(BitbucketActivities.class, ControlSteps.UNLOCK);
  private final BitbucketActivities locker = Workflow.newActivityStub(BitbucketActivities.class, ControlSteps.LOCK);
  private final Notifier notifier = new Notifier(KIND);
  private Deadline deadline = new Deadline(null, KIND);
  private MeshHomes mesh;

  @Override
  public BackupResult backup(BackupInput input) {
    recorder = RunRecorder.begin(KIND, input.instance(), input.requestedBy(), input);
    return recorder.guard(() -> {
      if (input.instance() == null || input.instance().isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure("the input names no instance; start it with {\"instance\":\"NAME\"}",
            FailureTypes.INVALID_INPUT);
      }
      // A scheduled backup that finds its instance held (a restore waiting for approval, a backup started
      // by hand) has nothing to do: it ends SKIPPED, naming the holder, instead of failing.
      boolean skipWhenBusy = recorder.trigger() == Trigger.SCHEDULE
          && Workflow.getVersion(SKIP_WHEN_BUSY_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
      InstanceClaim.Claim claim = InstanceClaim.claimUnlessBusy(recorder, catalog, input.instance(), KIND, skipWhenBusy);
      if (claim.lease() == null) {
        return skipped(input.instance(), claim.busy());
      }
      try {
        return backup(input.instance());
      } catch (TemporalFailure e) {
        String status = RunRecorder.cancelled(e) ? "CANCELLED" : "FAILED";
        notifier.tell(input.instance(), status, "backup of " + input.instance() + " " + status + ": " + Failures.describe(e));
        throw e;
      } finally {
        InstanceClaim.release(catalog, claim.lease());
      }
    });
  }

  private BackupResult skipped(String instance, String busy) {
    String summary = "skipped, nothing done: " + busy;
    List<String> warnings = new ArrayList<>(notifier.tell(instance, "SKIPPED", "scheduled backup of " + instance + " " + summary));
    recorder.finish(RunStatus.SKIPPED, summary);
    return new BackupResult(instance, null, List.of(), null, 0, List.of(), warnings, recorder.steps(), summary);
  }

  private BackupResult backup(String name) {
    ResolvedInstance instance = recorder.step("resolve configuration", null,
        () -> config.resolveInstance(new ResolveInstanceRequest(name)), i -> i.mode().id() + ", home " + i.homeProvider()
            + " on " + i.homeHost() + ", database " + i.databaseProvider() + " on " + i.databaseHost());
    // The run keeps its deadline itself, so that the cleanup below runs when it passes (a server-side run
    // timeout would end the run with Bitbucket locked and the restore point CREATING).
    boolean keepsDeadline = Workflow.getVersion(DEADLINE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    deadline = new Deadline(keepsDeadline ? instance.backupDeadline() : null, "the backup of " + name);
    return deadline.run(() -> backup(instance));
  }

  private BackupResult backup(ResolvedInstance instance) {
    if (BackupChecks.inParallel()) {
      mesh = MeshHomes.of(recorder, instance);
      BackupChecks.run(recorder, catalog, bitbucket, instance, mesh);
    } else {
      prepare(instance);
    }
    String id = freshId(instance);
    Instant startedAt = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    recorder.step("record restore point " + id + " as started", null, () -> {
      catalog.restorePoint(RestorePointChange.started(id, instance.name(), Workflow.getInfo().getRunId(), startedAt));
      return id;
    }, v -> "CREATING");
    Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
    List<String> warnings = new ArrayList<>();
    MaintenanceLock lock = null;
    Made made;
    try {
      if (instance.mode() == BackupMode.LOCKED) {
        lock = lockAndDrain(instance);
      }
      made = snapshotAndDump(instance, id, saga);
      if (lock != null) {
        MaintenanceLock held = lock;
        var reported = recorder.attempt("report progress 100%", null, () -> {
          bitbucket.progress(new MaintenanceRequest(instance.name(), held, 100, null));
          return 100;
        }, p -> p + "%");
        if (!reported.ok()) {
          warnings.add("progress report: " + reported.error());
        }
      }
    } catch (TemporalFailure e) {
      MaintenanceLock held = lock;
      lock = null;
      String unlocked = held == null ? null : unlock(instance, held);
      undo(instance, id, saga, e, unlocked);
      throw e;
    }
    if (lock != null) {
      String unlocked = unlock(instance, lock);
      if (unlocked != null) {
        warnings.add(unlocked);
      }
    }
    List<Artifact> artifacts = new ArrayList<>(made.home().artifacts());
    artifacts.addAll(mesh.artifacts());
    artifacts.add(made.dump().artifact());
    long skew = Math.abs(made.home().startedAt().toEpochMilli() - made.dump().startedAt().toEpochMilli());
    try {
      recorder.step("record restore point " + id + " as complete", null, () -> {
        catalog.restorePoint(new RestorePointChange(id, instance.name(), RestorePointStatus.COMPLETE,
            Instant.ofEpochMilli(Workflow.currentTimeMillis()), null, artifacts, made.home().freezeStartedAt(),
            made.home().freezeEndedAt(), made.home().startedAt(), made.dump().startedAt(), null));
        return id;
      }, v -> artifacts.size() + " artifacts, " + freeze(made.home()) + ", skew " + skew + " ms");
    } catch (TemporalFailure e) {
      undo(instance, id, saga, e, null);
      throw e;
    }
    Retention.Outcome retention = Retention.apply(recorder, catalog, instance, false);
    retention.failures().forEach(f -> warnings.add("retention: " + f));
    String summary = "restore point " + id + ": " + artifacts.size() + " artifacts, database "
        + bytes(made.dump().artifact().sizeBytes()) + mesh.summary() + ", " + freeze(made.home()) + ", skew " + skew + " ms"
        + (retention.deleted().isEmpty() ? "" : "; pruned " + retention.deleted().size());
    warnings.addAll(notifier.tell(instance.name(), "SUCCEEDED", "backup of " + instance.name() + ": " + summary));
    recorder.finish(RunStatus.SUCCEEDED, summary + (warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings)));
    Long frozen = made.home().freezeStartedAt() == null ? null : made.home().freezeMillis();
    return new BackupResult(instance.name(), id, artifacts, frozen, skew, retention.deleted(), warnings,
        recorder.steps(), null);
  }

  /**
   * The restore point id for now, in a second no earlier restore point of the instance used: ids have
   * one-second resolution, and a backup deletes leftovers under its own id before it starts.
   */
  private String freshId(ResolvedInstance instance) {
    String id = RestorePointIds.of(instance.name(), Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    while (catalog.restorePointExists(new RestorePointLookup(id))) {
      Workflow.sleep(Duration.ofMillis(1000 - Workflow.currentTimeMillis() % 1000));
      id = RestorePointIds.of(instance.name(), Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    }
    return id;
  }

  /** Checks everything it can before changing anything. */
  private void prepare(ResolvedInstance instance) {
    mesh = MeshHomes.of(recorder, instance);
    if (instance.mode() == BackupMode.ZERO_DOWNTIME) {
      recorder.step("check Bitbucket version", null, () -> {
        var v = bitbucket.version(new BitbucketRequest(instance.name()));
        if (!v.isAtLeast(4, 8)) {
          throw ApplicationFailure.newNonRetryableFailure("zero-downtime backup needs Bitbucket 4.8 or later; "
              + instance.name() + " runs " + v.version() + " (use mode: locked)", FailureTypes.BITBUCKET_STATE);
        }
        return v;
      }, v -> v.displayName() + " " + v.version() + " supports zero-downtime backup");
      if (!instance.homeSnapshotIsPointInTime()) {
        throw ApplicationFailure.newNonRetryableFailure(instance.homeProvider() + " is not a point-in-time snapshot: use mode: locked",
            FailureTypes.CONFIG_INVALID);
      }
    }
    mesh.prepare(bitbucket);
    List<HostView> hosts = new ArrayList<>(List.of(instance.host(instance.homeHost()), instance.host(instance.databaseHost())));
    hosts.addAll(mesh.hosts());
    Reachability.require(recorder, hosts.stream().distinct().toList());
    long lastDump = recorder.step("find the last dump's size", null,
        () -> catalog.restorePoints(new RestorePointQuery(instance.name(), List.of(RestorePointStatus.COMPLETE))),
        l -> l.restorePoints().isEmpty() ? "no earlier restore point" : "last dump " + bytes(l.restorePoints().get(0).dumpBytes()))
        .restorePoints().stream().findFirst().map(rp -> rp.dumpBytes()).orElse(0L);
    HomeActivities home = HostSteps.on(HomeActivities.class, instance.host(instance.homeHost()), HostSteps.CHECK);
    DatabaseActivities db = HostSteps.on(DatabaseActivities.class, instance.host(instance.databaseHost()), HostSteps.CHECK);
    Promise<?> homeCheck = Async.function(() -> recorder.step("check home (" + instance.homeProvider() + ")",
        instance.homeHost(), () -> home.checkHome(HomeRequest.of(instance.homeHost(), instance.name(), null)),
        c -> String.join("; ", c.evidence())));
    Promise<?> dbCheck = Async.function(() -> recorder.step("check database (" + instance.databaseProvider() + ")",
        instance.databaseHost(), () -> db.checkDatabase(new DatabaseRequest(instance.databaseHost(), instance.name(), null,
            List.of(), lastDump)), c -> String.join("; ", c.evidence())));
    List<Promise<?>> checks = new ArrayList<>(List.of(homeCheck, dbCheck));
    checks.addAll(mesh.checks());
    Promises.waitAll(checks);
  }

  private MaintenanceLock lockAndDrain(ResolvedInstance instance) {
    // Detached: a cancellation must not return before the lock activity does, or its token is lost.
    MaintenanceLock[] taken = new MaintenanceLock[1];
    Workflow.newDetachedCancellationScope(() -> taken[0] = recorder.step("take maintenance lock", null,
        () -> locker.lock(new BitbucketRequest(instance.name())), l -> "Bitbucket is locked; external backup started"))
        .run();
    MaintenanceLock lock = taken[0];
    try {
      if (CancellationScope.current().isCancelRequested()) {
        throw new CanceledFailure("cancelled while taking the maintenance lock");
      }
      BitbucketActivities drain = Workflow.newActivityStub(BitbucketActivities.class, ActivityOptions.newBuilder(ControlSteps.DRAIN)
          .setStartToCloseTimeout(instance.drainTimeout().plus(Duration.ofMinutes(1))).build());
      recorder.step("wait for Bitbucket to drain", null, () -> {
        drain.awaitDrained(new MaintenanceRequest(instance.name(), lock, 0, instance.drainTimeout()));
        return lock;
      }, l -> "database and repositories drained");
      recorder.step("report progress 10%", null, () -> {
        bitbucket.progress(new MaintenanceRequest(instance.name(), lock, 10, null));
        return 10;
      }, p -> p + "%");
      return lock;
    } catch (TemporalFailure e) {
      String unlocked = unlock(instance, lock);
      if (unlocked != null) {
        recorder.skip("maintenance lock", null, unlocked);
      }
      throw e;
    }
  }

  /**
   * Releases the maintenance lock, also when the run fails or is cancelled; returns null when
   * released, else why not (for the run's summary: an operator must unlock by hand).
   */
  private String unlock(ResolvedInstance instance, MaintenanceLock lock) {
    String[] problem = {null};
    Workflow.newDetachedCancellationScope(() -> {
      var released = recorder.attempt("release maintenance lock", null, () -> {
        unlocker.unlock(MaintenanceRequest.of(instance.name(), lock));
        return lock;
      }, l -> "Bitbucket is unlocked");
      if (!released.ok()) {
        problem[0] = "the maintenance lock could NOT be released (" + released.error()
            + "): unlock Bitbucket from its administration pages";
      }
    }).run();
    return problem[0];
  }

  private record Made(HomeSnapshot home, DatabaseDump dump) {}

  /**
   * The home snapshot and the database backup, in parallel. Their undo steps are registered in
   * {@code saga} before they start (deleting by restore point id is idempotent), so a failure of
   * either, or a cancellation, deletes whatever both made.
   */
  private Made snapshotAndDump(ResolvedInstance instance, String id, Saga saga) {
    String homeHost = instance.homeHost();
    String dbHost = instance.databaseHost();
    HomeActivities home = HostSteps.on(HomeActivities.class, instance.host(homeHost), HostSteps.SNAPSHOT);
    DatabaseActivities db = HostSteps.on(DatabaseActivities.class, instance.host(dbHost), HostSteps.DUMP);
    HomeActivities homeUndo = HostSteps.on(HomeActivities.class, instance.host(homeHost), HostSteps.DELETE);
    DatabaseActivities dbUndo = HostSteps.on(DatabaseActivities.class, instance.host(dbHost), HostSteps.DELETE);
    saga.addCompensation(() -> recorder.step("undo: delete home snapshot", homeHost, () -> {
      homeUndo.deleteHomeSnapshot(HomeRequest.of(homeHost, instance.name(), id));
      return id;
    }, v -> "deleted"));
    saga.addCompensation(() -> recorder.step("undo: delete database dump", dbHost, () -> {
      dbUndo.deleteDatabaseDump(DatabaseRequest.of(dbHost, instance.name(), id));
      return id;
    }, v -> "deleted"));
    List<Promise<?>> all = new ArrayList<>(mesh.snapshot(id, saga));
    Promise<HomeSnapshot> snapshot = Async.function(() -> recorder.step("snapshot home", homeHost,
        () -> home.snapshotHome(HomeRequest.of(homeHost, instance.name(), id)),
        s -> s.artifacts().size() + " snapshot(s)" + (s.freezeStartedAt() == null ? "" : ", frozen " + s.freezeMillis() + " ms")));
    Promise<DatabaseDump> dump = Async.function(() -> recorder.step("back up database", dbHost,
        () -> db.dumpDatabase(DatabaseRequest.of(dbHost, instance.name(), id)),
        d -> d.artifact().location() + " (" + bytes(d.artifact().sizeBytes()) + ")"));
    all.addAll(List.of(snapshot, dump));
    Promises.waitAll(all);
    return new Made(snapshot.get(), dump.get());
  }

  /** Deletes what the backup made and records the restore point as failed, with why; runs even when cancelled. */
  private void undo(ResolvedInstance instance, String id, Saga saga, TemporalFailure cause, String unlockProblem) {
    String why = (deadline.passed() ? deadline.reason() : Failures.describe(cause))
        + (unlockProblem == null ? "" : "; " + unlockProblem);
    Workflow.newDetachedCancellationScope(() -> {
      String outcome = "; everything it made was deleted";
      try {
        saga.compensate();
      } catch (RuntimeException e) {
        outcome = "; could not delete everything it made: " + Failures.describe(e);
      }
      String detail = why + outcome;
      recorder.step("record restore point " + id + " as failed", null, () -> {
        catalog.restorePoint(RestorePointChange.failed(id, instance.name(), Instant.ofEpochMilli(Workflow.currentTimeMillis()),
            detail));
        return detail;
      }, d -> d);
    }).run();
  }

  private static String freeze(HomeSnapshot home) {
    return home.freezeStartedAt() == null ? "no freeze" : "frozen " + home.freezeMillis() + " ms";
  }

  static String bytes(Long n) {
    if (n == null) {
      return "size unknown";
    }
    if (n < 1024 * 1024) {
      return n + " bytes";
    }
    return String.format(java.util.Locale.ROOT, "%.1f MiB", n / 1024.0 / 1024.0);
  }

}
