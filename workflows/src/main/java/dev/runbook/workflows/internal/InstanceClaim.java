package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.run.Failures;
import io.temporal.workflow.Workflow;

/**
 * The instance lease as every runbook that changes an instance takes it: one backup, restore, prune or
 * service stop/start of an instance at a time. Claimed as a step before anything changes, released in a
 * detached scope so a failed or cancelled run releases it too. Workflow code.
 */
public final class InstanceClaim {
  private InstanceClaim() {}

  /**
   * Claims {@code instance} for this run.
   *
   * @param kind this run's runbook kind, which a refused run's message names
   * @throws io.temporal.failure.ActivityFailure with {@link FailureTypes#INSTANCE_BUSY}, naming the holder
   */
  public static InstanceLease claim(RunRecorder recorder, CatalogActivities catalog, String instance, String kind) {
    return claimUnlessBusy(recorder, catalog, instance, kind, false).lease();
  }

  /**
   * What {@link #claimUnlessBusy} gave.
   *
   * @param lease the lease this run now holds; null when another run holds the instance
   * @param busy why the instance could not be claimed, naming the holder; null when claimed
   */
  public record Claim(InstanceLease lease, String busy) {}

  /**
   * As {@link #claim(RunRecorder, CatalogActivities, String, String)}; when {@code skipWhenBusy}, a busy
   * instance records the step as SKIPPED, naming the holder, instead of failing the run.
   */
  public static Claim claimUnlessBusy(RunRecorder recorder, CatalogActivities catalog, String instance, String kind,
                                      boolean skipWhenBusy) {
    InstanceLease lease = new InstanceLease(instance, Workflow.getInfo().getRunId(), Workflow.getInfo().getWorkflowId(), kind);
    String[] busy = {null};
    InstanceLease held = recorder.step("claim instance " + instance, null, () -> {
      catalog.acquireInstance(lease);
      return lease;
    }, l -> "no other run changes " + l.instance(), e -> {
      busy[0] = skipWhenBusy && busy(e) ? Failures.describe(e) : null;
      return busy[0] != null;
    });
    return new Claim(held, busy[0]);
  }

  /** True when {@code failure} says another run holds the instance. */
  public static boolean busy(Throwable failure) {
    return FailureTypes.INSTANCE_BUSY.equals(Failures.type(failure));
  }

  /** Releases {@code lease} (null: nothing claimed), also when the run is being cancelled. */
  public static void release(CatalogActivities catalog, InstanceLease lease) {
    if (lease != null) {
      Workflow.newDetachedCancellationScope(() -> catalog.releaseInstance(lease)).run();
    }
  }
}
