package dev.runbook.workflows.restore;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.StatusWait;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseRestore;
import dev.runbook.workflows.database.DatabaseRestorePlan;
import dev.runbook.workflows.database.DatabaseRestoreRequest;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeRestore;
import dev.runbook.workflows.home.HomeRestorePlan;
import dev.runbook.workflows.host.HostActivities;
import dev.runbook.workflows.host.InstanceHostRequest;
import dev.runbook.workflows.host.LockCleanup;
import dev.runbook.workflows.host.ServiceRequest;
import dev.runbook.workflows.internal.ApprovalRequest;
import dev.runbook.workflows.internal.GatedRunbook;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.Deadline;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.InstanceClaim;
import dev.runbook.workflows.internal.Notifier;
import dev.runbook.workflows.internal.PointChoice;
import dev.runbook.workflows.internal.Promises;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link RestoreWorkflow}; see docs/runbooks/restore.md for the steps. */
public class RestoreWorkflowImpl extends GatedRunbook implements RestoreWorkflow {
  public RestoreWorkflowImpl() {
    super(KIND, "restore");
  }

  /** The change that let a restore's input ask for approval that its configuration waives. */
  private static final String ALWAYS_APPROVE_CHANGE = "restore-always-approve";
  /** The change that made the restore keep its own deadline ({@code restore.deadline}) once approved. */
  private static final String DEADLINE_CHANGE = "restore-deadline";
  /** The change that made the pings and the home and database plans run in parallel. */
  private static final String PARALLEL_PLAN_CHANGE = "restore-parallel-plan";
  /** The change that restores the home and the database in parallel. */
  private static final String PARALLEL_DATA_CHANGE = "restore-parallel-data";
  private static final DateTimeFormatter KEEP_STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

  private final ConfigActivities config = ControlSteps.config();
  private final CatalogActivities catalog = ControlSteps.catalog();
  private final Notifier notifier = new Notifier(KIND);
  private RestorePlan plan;
  private MeshRestore mesh;
  /** False from the first stop until the services are known stopped again: undoing data then is unsafe. */
  private boolean stopped;

  @Override
  public RestoreResult restore(RestoreInput input) {
    recorder = RunRecorder.begin(KIND, input.instance(), input.requestedBy(), input);
    gate.requestedBy(input.requestedBy());
    return recorder.guard(() -> {
      if (input.instance() == null || input.instance().isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure("the input names no instance; start it with "
            + "{\"instance\":\"NAME\",\"point\":\"latest\"}", FailureTypes.INVALID_INPUT);
      }
      InstanceLease lease = input.planOnly() ? null : InstanceClaim.claim(recorder, catalog, input.instance(), KIND);
      try {
        return run(input);
      } catch (TemporalFailure e) {
        if (!input.planOnly()) {
          String status = RunRecorder.cancelled(e) ? "CANCELLED" : "FAILED";
          notifier.tell(input.instance(), status, "restore of " + input.instance() + " " + status + ": " + Failures.describe(e));
        }
        throw e;
      } finally {
        InstanceClaim.release(catalog, lease);
      }
    });
  }

  private RestoreResult run(RestoreInput input) {
    ResolvedInstance instance = recorder.step("resolve configuration", null,
        () -> config.resolveInstance(new ResolveInstanceRequest(input.instance())),
        i -> i.nodes().size() + " node(s), home " + i.homeProvider() + " on " + i.homeHost() + ", database "
            + i.databaseProvider() + " on " + i.databaseHost());
    boolean approval = approvalRequired(instance, input);
    if (!input.planOnly()) {
      gate.requireRequester("a restore of " + instance.name(), approval);
      gate.trust(instance.restore().approvals(), input.request(), instance.name(), input.point(), input.replaceDatabase());
    }
    RestorePointView point = recorder.step("choose restore point " + input.point(), null,
        () -> PointChoice.choose(catalog, instance.name(), input.point(), "restored"), p -> p.id() + " (" + p.artifacts().size() + " artifacts)");
    gate.approvesPoint(point.id());
    String stamp = KEEP_STAMP.format(now());
    String keepAs = "_pre_restore_" + stamp;
    plan = plan(instance, point, input, keepAs, stamp, approval);
    if (input.planOnly()) {
      recorder.finish(RunStatus.SUCCEEDED, "plan only: " + plan.steps().size() + " steps, nothing changed");
      return new RestoreResult(instance.name(), plan, true, null, List.of(), null, List.of(), List.of(), recorder.steps());
    }
    String decision = gate.await("wait for approval", approval, instance.restore().approvalTimeout(), recorder, catalog,
        new ApprovalRequest(instance.name(), instance.name(), "restore point " + point.id() + " (taken "
            + point.createdAt() + "):\n- " + String.join("\n- ", plan.steps())));
    // Counted from the decision, and kept by the run itself so that its undo runs when it passes.
    boolean keepsDeadline = Workflow.getVersion(DEADLINE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    return new Deadline(keepsDeadline ? instance.restore().deadline() : null, "the restore of " + instance.name())
        .run(() -> execute(instance, point, input, keepAs, stamp, decision));
  }

  /**
   * Whether this restore waits for a second person: as the instance is configured, or always when its
   * starter asked for it (the incident webhook does). Runs started before the input could ask replay
   * as they ran.
   */
  private static boolean approvalRequired(ResolvedInstance instance, RestoreInput input) {
    if (instance.restore().requireApproval()) {
      return true;
    }
    return input.alwaysApprove() && Workflow.getVersion(ALWAYS_APPROVE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Checks everything it can and says what will happen. Changes nothing. */
  private RestorePlan plan(ResolvedInstance instance, RestorePointView point, RestoreInput input, String keepAs,
                           String stamp, boolean needsApproval) {
    mesh = new MeshRestore(recorder, instance);
    mesh.requireInPoint(point);
    List<HostView> hosts = new ArrayList<>();
    hosts.addAll(mesh.hosts());
    instance.nodes().forEach(n -> hosts.add(instance.host(n.host())));
    hosts.add(instance.host(instance.homeHost()));
    hosts.add(instance.host(instance.databaseHost()));
    // Since PARALLEL_PLAN_CHANGE the pings and both plans (which change nothing) run at once; before, one after the other.
    boolean together = Workflow.getVersion(PARALLEL_PLAN_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    Promise<List<HostCheck>> pings = Async.function(() -> Reachability.check(recorder, hosts.stream().distinct().toList()));
    if (!together) {
      Reachability.requireAnswered(pings.get());
    }
    List<Artifact> home = point.artifacts().stream().filter(a -> Artifact.HOME.equals(a.kind())).toList();
    List<Artifact> db = point.artifacts().stream().filter(a -> Artifact.DATABASE.equals(a.kind())).toList();
    HomeActivities homeCheck = HostSteps.on(HomeActivities.class, instance.host(instance.homeHost()), HostSteps.CHECK);
    DatabaseActivities dbCheck = HostSteps.on(DatabaseActivities.class, instance.host(instance.databaseHost()), HostSteps.CHECK);
    Promise<HomeRestorePlan> homePlanned = Async.function(() -> recorder.step("plan home restore", instance.homeHost(),
        () -> homeCheck.planRestore(new HomeRequest(instance.homeHost(), instance.name(), point.id(), home, stamp)),
        p -> String.join("; ", p.lines())));
    if (!together) {
      homePlanned.get();
    }
    // Runs recorded one step after the other planned the Mesh homes between the home and the database.
    HomeRestorePlan meshPlan = together ? null : mesh.plan(point, stamp);
    DatabaseRestoreRequest dbRequest = new DatabaseRestoreRequest(instance.databaseHost(), instance.name(), point.id(), db,
        input.replaceDatabase(), keepAs);
    Promise<DatabaseRestorePlan> dbPlanned = Async.function(() -> recorder.step("plan database restore", instance.databaseHost(),
        () -> dbCheck.planRestore(dbRequest), p -> String.join("; ", p.lines())));
    if (together) {
      meshPlan = mesh.plan(point, stamp); // while the home and database plans run
    }
    Reachability.requireWith(pings, List.of(homePlanned, dbPlanned));
    HomeRestorePlan homePlan = homePlanned.get();
    DatabaseRestorePlan dbPlan = dbPlanned.get();
    boolean undoable = homePlan.undoable() && meshPlan.undoable();
    if (dbPlan.databaseExists() && !input.replaceDatabase()) {
      throw ApplicationFailure.newNonRetryableFailure("database " + dbPlan.databaseName() + " of " + instance.name()
          + " exists and a restore never writes over it: start the restore with --replace-database to keep it as "
          + dbPlan.databaseName() + keepAs, FailureTypes.INVALID_INPUT);
    }
    List<String> steps = new ArrayList<>();
    String nodes = String.join(", ", instance.nodes().stream().map(n -> n.name() + " on " + n.host()).toList());
    steps.add("stop Bitbucket's services on " + nodes + "; wait until /status no longer answers RUNNING");
    steps.addAll(mesh.stopLines());
    homePlan.lines().forEach(l -> steps.add("home: " + l));
    dbPlan.lines().forEach(l -> steps.add("database: " + l));
    steps.addAll(meshPlan.lines());
    steps.add("remove stale git lock files from the restored repositories");
    steps.addAll(mesh.lockLines());
    if (instance.restore().integrityCheck()) {
      steps.add("set disaster.recovery=true so Bitbucket checks integrity on start; set it back once RUNNING");
    }
    steps.addAll(mesh.startLines());
    steps.add("start Bitbucket's services on " + nodes + "; wait for /status RUNNING (at most "
        + instance.restore().startTimeout().toMinutes() + " min)");
    steps.addAll(mesh.availableLines());
    steps.add(instance.restore().leaveStoppedOnFailure() ? "on failure after the stop: leave Bitbucket stopped (configured)"
        : undoable ? "on failure after the stop: put the previous home and database back and start again"
            : "on failure after the stop: put the previous database back and start again (this home provider cannot be undone)");
    String approval = needsApproval
        ? "needs approval by someone other than " + gate.requester() + " within " + instance.restore().approvalTimeout().toHours() + " h"
        : "approval waived by configuration";
    return new RestorePlan(instance.name(), point.id(), point.createdAt(), point.artifacts(), steps, undoable, approval);
  }

  private RestoreResult execute(ResolvedInstance instance, RestorePointView point, RestoreInput input, String keepAs,
                                String stamp, String approval) {
    String homeHost = instance.homeHost();
    String dbHost = instance.databaseHost();
    List<Artifact> home = point.artifacts().stream().filter(a -> Artifact.HOME.equals(a.kind())).toList();
    List<Artifact> db = point.artifacts().stream().filter(a -> Artifact.DATABASE.equals(a.kind())).toList();
    // With approval: signed, the agents check the signed request and approval again before they replace anything.
    HomeRequest homeRequest = new HomeRequest(homeHost, instance.name(), point.id(), home, stamp, gate.proof());
    DatabaseRestoreRequest dbRequest = new DatabaseRestoreRequest(dbHost, instance.name(), point.id(), db,
        input.replaceDatabase(), keepAs, gate.proof());
    HomeActivities homeSteps = HostSteps.on(HomeActivities.class, instance.host(homeHost), HostSteps.RESTORE);
    HomeActivities homeUndo = HostSteps.on(HomeActivities.class, instance.host(homeHost), HostSteps.DELETE);
    DatabaseActivities dbSteps = HostSteps.on(DatabaseActivities.class, instance.host(dbHost), HostSteps.RESTORE);
    DatabaseActivities dbUndo = HostSteps.on(DatabaseActivities.class, instance.host(dbHost), HostSteps.DELETE);
    HostActivities homeHostSteps = HostSteps.on(HostActivities.class, instance.host(homeHost), HostSteps.SERVICES);
    List<String> warnings = new ArrayList<>();
    // Saga with continueWithError swallows each undo's failure; Undo collects them for the run's outcome.
    Undo saga = new Undo();
    HomeRestore keptHome;
    DatabaseRestore keptDb;
    LockCleanup locks;
    List<String> meshLocks;
    try {
      saga.addCompensation(() -> {
        services(instance, true);
        awaitStatus(instance, true, "undo: wait for Bitbucket to answer RUNNING");
      });
      services(instance, false);
      awaitStatus(instance, false, "wait until Bitbucket no longer answers RUNNING");
      mesh.stop(saga);
      stopped = true;
      // Since PARALLEL_DATA_CHANGE the home (then its git locks) and the database are restored at once, both
      // undo steps registered first; before, one after the other.
      boolean together = Workflow.getVersion(PARALLEL_DATA_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
      io.temporal.workflow.Functions.Proc undoDb = () -> undoData("undo: put the previous database back", dbHost,
          () -> dbUndo.undoRestore(dbRequest), "previous database in place");
      saga.addCompensation(() -> undoData("undo: put the previous home back", homeHost, () -> homeUndo.undoRestore(homeRequest),
          "previous home in place"));
      if (together) {
        saga.addCompensation(undoDb);
      }
      Promise<HomeRestore> homeDone = Async.function(() -> recorder.step("restore home", homeHost,
          () -> homeSteps.restoreHome(homeRequest),
          r -> r.keptAs().isEmpty() ? "restored" : "restored; previous home kept as " + String.join(", ", r.keptAs())));
      if (!together) {
        homeDone.get();
        saga.addCompensation(undoDb);
      }
      Promise<DatabaseRestore> dbDone = Async.function(() -> recorder.step("restore database", dbHost,
          () -> dbSteps.restoreDatabase(dbRequest),
          r -> r.keptAs() == null ? "restored" : "restored; previous database kept as " + r.keptAs()));
      if (!together) {
        dbDone.get();
        // Runs recorded one step after the other restored the Mesh homes after the database, before the git locks.
        mesh.restoreHomes(saga, point, stamp, gate.proof(), this::undoData);
      }
      Promise<LockCleanup> cleaned = Async.function(() -> {
        homeDone.get();
        return recorder.step("remove stale git locks", homeHost,
            () -> homeHostSteps.cleanGitLocks(new InstanceHostRequest(homeHost, instance.name(), false)),
            l -> l.removed().isEmpty() ? "none found" : l.removed().size() + " removed: " + String.join(", ", l.removed()));
      });
      Promises.waitAll(List.of(homeDone, dbDone, cleaned));
      keptHome = homeDone.get();
      keptDb = dbDone.get();
      locks = cleaned.get();
      if (together) {
        mesh.restoreHomes(saga, point, stamp, gate.proof(), this::undoData);
      }
      meshLocks = mesh.cleanGitLocks();
      if (instance.restore().integrityCheck()) {
        saga.addCompensation(() -> flag(instance, homeHostSteps, false));
        flag(instance, homeHostSteps, true);
      }
      mesh.start(saga, v -> stopped = v);
      // Registered before the start so that a start that fails halfway (a node that does not come
      // up, RUNNING not reached in time) stops every node again before any data is put back.
      saga.addCompensation(() -> {
        stopped = false;
        services(instance, false);
        awaitStatus(instance, false, "undo: wait until Bitbucket no longer answers RUNNING");
        stopped = true;
      });
      services(instance, true);
      awaitStatus(instance, true, "wait for Bitbucket to answer RUNNING");
      mesh.awaitAvailable();
    } catch (TemporalFailure e) {
      if (instance.restore().leaveStoppedOnFailure()) {
        recorder.skip("undo", null, "onFailure: leave-stopped: Bitbucket stays stopped with the restored data for an operator");
        throw e;
      }
      List<String> undoFailures = saga.run();
      if (undoFailures.isEmpty()) {
        throw e;
      }
      throw ApplicationFailure.newNonRetryableFailureWithCause(Failures.describe(e) + "; the undo did not complete, look "
          + "before starting Bitbucket: " + String.join("; ", undoFailures), FailureTypes.UNDO_INCOMPLETE, e);
    }
    if (instance.restore().integrityCheck()) {
      var cleared = recorder.attempt("set disaster.recovery back to false", homeHost, () -> {
        homeHostSteps.setIntegrityCheck(new InstanceHostRequest(homeHost, instance.name(), false));
        return false;
      }, v -> "integrity check requested for this start only");
      if (!cleared.ok()) {
        warnings.add("disaster.recovery is still true: " + cleared.error());
      }
    }
    String summary = "restored " + point.id() + (keptHome.keptAs().isEmpty() ? "" : "; previous home kept as "
        + String.join(", ", keptHome.keptAs())) + (keptDb.keptAs() == null ? "" : "; previous database kept as "
        + keptDb.keptAs()) + mesh.summary() + "; " + (locks.removed().size() + meshLocks.size()) + " stale lock(s) removed";
    List<String> removedLocks = new ArrayList<>(locks.removed());
    removedLocks.addAll(meshLocks);
    warnings.addAll(notifier.tell(instance.name(), "SUCCEEDED", "restore of " + instance.name() + ": " + summary));
    recorder.finish(RunStatus.SUCCEEDED, summary + (warnings.isEmpty() ? "" : "; warnings: " + String.join("; ", warnings)));
    return new RestoreResult(instance.name(), plan, false, approval, keptHome.keptAs(), keptDb.keptAs(), removedLocks,
        warnings, recorder.steps());
  }

  /** Stops or starts the services of every node, in parallel; every node must have done it. */
  private void services(ResolvedInstance instance, boolean start) {
    List<Promise<Object>> all = new ArrayList<>();
    for (var node : instance.nodes()) {
      HostActivities agent = HostSteps.on(HostActivities.class, instance.host(node.host()), HostSteps.SERVICES);
      ServiceRequest request = new ServiceRequest(node.host(), instance.name(), node.name());
      all.add(Async.function(() -> recorder.step((start ? "start" : "stop") + " services on " + node.name(), node.host(),
          () -> start ? agent.startServices(request) : agent.stopServices(request), r -> r.describeUnits())));
    }
    Promises.waitAll(all);
  }

  private void awaitStatus(ResolvedInstance instance, boolean running, String step) {
    Duration timeout = running ? instance.restore().startTimeout() : instance.restore().stopTimeout();
    BitbucketActivities bitbucket = Workflow.newActivityStub(BitbucketActivities.class,
        ActivityOptions.newBuilder(ControlSteps.AWAIT_STATUS).setStartToCloseTimeout(timeout.plus(Duration.ofMinutes(1))).build());
    recorder.step(step, null, () -> bitbucket.awaitStatus(new StatusWait(instance.name(), running, timeout)),
        s -> s.state() == null ? "no answer" : s.state());
  }

  private void flag(ResolvedInstance instance, HostActivities steps, boolean on) {
    recorder.step("set disaster.recovery=" + on, instance.homeHost(), () -> {
      steps.setIntegrityCheck(new InstanceHostRequest(instance.homeHost(), instance.name(), on));
      return on;
    }, v -> on ? "Bitbucket checks integrity on this start" : "back to normal starts");
  }

  /** Puts data back, but only while every node is known stopped: never under a running Bitbucket. */
  private void undoData(String step, String host, Runnable undo, String done) {
    if (!stopped) {
      recorder.skip(step, host, "not done: Bitbucket could not be stopped again");
      throw ApplicationFailure.newNonRetryableFailure(step.replace("undo: ", "") + " was not done: Bitbucket could not be "
          + "stopped again", FailureTypes.UNDO_INCOMPLETE);
    }
    recorder.step(step, host, () -> {
      undo.run();
      return host;
    }, h -> done);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  @Override
  public RestorePlan plan() {
    return plan;
  }
}
