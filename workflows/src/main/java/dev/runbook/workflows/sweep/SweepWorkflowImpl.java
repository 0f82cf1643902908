package dev.runbook.workflows.sweep;

import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.ResolveInstanceRequest;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.home.HomeThaw;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Implementation of {@link SweepWorkflow}; see docs/runbooks/sweep.md for the steps. */
public class SweepWorkflowImpl extends RecordedRunbook implements SweepWorkflow {
  /**
   * The sweep's control activities: reads and writes of the catalog, questions to Temporal and the
   * unlock, retried for about five minutes like every catalog write.
   */
  static final ActivityOptions SWEEP = ActivityOptions.newBuilder(RunRecorder.CATALOG_OPTIONS)
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder(RunRecorder.CATALOG_OPTIONS.getRetryOptions())
          .setDoNotRetry(FailureTypes.BITBUCKET_AUTH, FailureTypes.SECRET_MISSING,
              FailureTypes.CONFIG_INVALID, FailureTypes.UNKNOWN_INSTANCE)
          .build())
      .build();

  public SweepWorkflowImpl() {
    super(KIND);
  }

  private final SweepActivities sweeper = Workflow.newActivityStub(SweepActivities.class, SWEEP);
  private final CatalogActivities catalog = ControlSteps.catalog();
  private final ConfigActivities config = ControlSteps.config();
  private final Map<String, ResolvedInstance> resolved = new HashMap<>();
  private final List<SweepItem> items = new ArrayList<>();

  @Override
  public SweepResult sweep(SweepInput input) {
    LeftoversRequest request = new LeftoversRequest(Workflow.getInfo().getRunId());
    // A routine sweep looks first, and leaves no trace in the catalog when there is nothing to do.
    Leftovers early = input.repairsOnly() ? sweeper.findLeftovers(request) : null;
    if (early != null && nothingToDo(early)) {
      return new SweepResult(false, List.of(), List.of());
    }
    recorder = RunRecorder.begin(KIND, null, input.requestedBy(), input);
    return recorder.guard(() -> {
      Leftovers found = recorder.step("find what ended runs left behind", null,
          () -> early != null ? early : sweeper.findLeftovers(request), SweepWorkflowImpl::describe);
      for (StaleLock lock : found.locks()) {
        note("lock", lock.instance(), "maintenance lock taken by run " + lock.runId() + " at " + lock.lockedAt() + "; "
            + lock.why(), recorder.attempt("release maintenance lock of " + lock.instance(), null,
            () -> sweeper.releaseLock(lock), s -> s));
      }
      for (StalePoint p : found.points()) {
        note("restore-point", p.id(), "CREATING; its backup run " + p.runId() + " ended: " + p.why(),
            recorder.attempt("delete restore point " + p.id(), null, () -> deletePoint(p), s -> s));
      }
      // Since ScratchSweep.CHANGE; sweeps recorded before found no scratch copies to look at.
      if (!found.scratches().isEmpty() && Workflow.getVersion(ScratchSweep.CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        for (StaleScratch sc : found.scratches()) {
          note("verify-scratch", sc.scratchName(), "verify run " + sc.runId() + " of " + sc.restorePointId() + " ended: "
              + sc.why(), recorder.attempt("delete scratch copies " + sc.scratchName() + " of " + sc.instance(), null,
              () -> ScratchSweep.delete(resolve(sc.instance()), catalog, sc), x -> x));
        }
      }
      for (StaleLease l : found.leases()) {
        note("lease", l.lease().instance(), "held by " + l.lease().runbook() + " run " + l.lease().runId() + "; " + l.why(),
            recorder.attempt("release lease of " + l.lease().instance(), null, () -> {
              catalog.releaseInstance(l.lease());
              return "released";
            }, s -> s));
      }
      for (StaleRun r : found.runs()) {
        note("run", r.runId(), r.runbook() + (r.instance() == null ? "" : " of " + r.instance())
            + " is RUNNING in the catalog; Temporal reports " + r.temporalStatus() + (r.reason() == null ? "" : " (" + r.reason() + ")"),
            recorder.attempt("close run " + r.runId(), null, () -> sweeper.closeRun(r)
                ? "recorded as " + ("CANCELED".equals(r.temporalStatus()) ? "CANCELLED" : "FAILED") + " with the reason"
                : "recorded its outcome meanwhile", s -> s));
      }
      Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      KeptAsideSweep kept = new KeptAsideSweep(recorder, items, input.apply(), now);
      for (SweptInstance i : found.instances()) {
        if (input.repairsOnly() && !(i.freezes() && !i.busy())) {
          continue;
        }
        Attempt<ResolvedInstance> instance = recorder.attempt("resolve " + i.name(), null, () -> resolve(i.name()),
            r -> r.homeProvider() + " home on " + r.homeHost() + ", " + r.databaseProvider() + " on " + r.databaseHost());
        if (!instance.ok()) {
          items.add(new SweepItem("instance", i.name(), SweepItem.Outcome.FAILED, "not swept: " + instance.error()));
          continue;
        }
        thaw(instance.value(), i);
        if (!input.repairsOnly()) {
          kept.sweep(instance.value(), i.keepAside());
        }
      }
      long left = items.stream().filter(SweepItem::left).count();
      long failed = items.stream().filter(it -> it.outcome() == SweepItem.Outcome.FAILED).count();
      recorder.finish(failed == 0 ? RunStatus.SUCCEEDED : RunStatus.FAILED, items.isEmpty() ? "nothing left behind"
          : items.size() + " found, " + (items.size() - left) + " repaired, " + (left - failed) + " listed, " + failed + " failed");
      return new SweepResult(input.apply(), items, recorder.steps());
    });
  }

  /** Deletes the restore point's snapshot and dump by its exact id on their hosts, then records it FAILED with why. */
  private String deletePoint(StalePoint p) {
    ResolvedInstance in = resolve(p.instance());
    HostSteps.on(HomeActivities.class, in.host(in.homeHost()), HostSteps.DELETE)
        .deleteHomeSnapshot(HomeRequest.of(in.homeHost(), in.name(), p.id()));
    HostSteps.on(DatabaseActivities.class, in.host(in.databaseHost()), HostSteps.DELETE)
        .deleteDatabaseDump(DatabaseRequest.of(in.databaseHost(), in.name(), p.id()));
    List<String> mesh = dev.runbook.workflows.internal.MeshSteps.deleteById(in, p.id());
    String meshToo = mesh.isEmpty() ? "" : ", the Mesh home snapshots of " + String.join(", ", mesh);
    catalog.restorePoint(RestorePointChange.failed(p.id(), p.instance(), Instant.ofEpochMilli(Workflow.currentTimeMillis()),
        "its backup run " + p.runId() + " ended without finishing it (" + p.why() + "); runbook sweep deleted its home "
            + "snapshot" + meshToo + " and database dump"));
    return "home snapshot" + meshToo + " and database dump deleted; recorded as FAILED";
  }

  /**
   * Thaws the mounts of an instance whose provider freezes, holding the instance's lease meanwhile so
   * no backup freezes it at the same time; an instance a run holds is left alone.
   */
  private void thaw(ResolvedInstance in, SweptInstance i) {
    if (i.busy() || !i.freezes()) {
      return;
    }
    InstanceLease lease = new InstanceLease(in.name(), Workflow.getInfo().getRunId(), Workflow.getInfo().getWorkflowId(), KIND);
    try {
      catalog.acquireInstance(lease);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure a && FailureTypes.INSTANCE_BUSY.equals(a.getType())) {
        return; // a run took the instance since the sweep looked: it may be freezing it right now
      }
      throw e;
    }
    try {
      Attempt<HomeThaw> thawed = recorder.attempt("thaw frozen mounts of " + in.name(), in.homeHost(),
          () -> HostSteps.on(HomeActivities.class, in.host(in.homeHost()), HostSteps.CHECK)
              .thawHome(HomeRequest.of(in.homeHost(), in.name(), null)),
          t -> t.note() != null ? t.note() : t.thawed().isEmpty() ? "none was frozen" : "thawed " + String.join(", ", t.thawed()));
      if (!thawed.ok()) {
        items.add(new SweepItem("frozen-home", in.name(), SweepItem.Outcome.FAILED, "could not thaw: " + thawed.error()));
      } else if (!thawed.value().thawed().isEmpty()) {
        items.add(new SweepItem("frozen-home", in.name(), SweepItem.Outcome.DONE, "left frozen; thawed "
            + String.join(", ", thawed.value().thawed())));
      }
    } finally {
      Workflow.newDetachedCancellationScope(() -> catalog.releaseInstance(lease)).run();
    }
  }

  private ResolvedInstance resolve(String name) {
    ResolvedInstance in = resolved.get(name);
    if (in == null) {
      in = config.resolveInstance(new ResolveInstanceRequest(name));
      resolved.put(name, in);
    }
    return in;
  }

  private void note(String kind, String subject, String found, Attempt<String> done) {
    items.add(done.ok() ? new SweepItem(kind, subject, SweepItem.Outcome.DONE, found + "; " + done.value())
        : new SweepItem(kind, subject, SweepItem.Outcome.FAILED, found + "; failed: " + done.error()));
  }

  private static boolean nothingToDo(Leftovers l) {
    return l.runs().isEmpty() && l.leases().isEmpty() && l.locks().isEmpty() && l.points().isEmpty() && l.scratches().isEmpty()
        && l.instances().stream().noneMatch(i -> i.freezes() && !i.busy());
  }

  private static String describe(Leftovers l) {
    return l.runs().size() + " runs, " + l.leases().size() + " leases, " + l.locks().size() + " maintenance locks, "
        + l.points().size() + " restore points CREATING" + (l.scratches().isEmpty() ? "" : ", " + l.scratches().size()
        + " verify runs' scratch copies") + "; " + l.instances().size() + " instances";
  }
}
