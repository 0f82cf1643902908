package dev.runbook.workflows.backup;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.bitbucket.BitbucketActivities;
import dev.runbook.workflows.bitbucket.BitbucketRequest;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.check.HostCheck;
import dev.runbook.workflows.config.BackupMode;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.internal.Reachability;
import dev.runbook.workflows.internal.RunRecorder;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A backup's checks before it changes anything, all at once: Bitbucket's version and registered Mesh nodes, the
 * pings of the home, database and Mesh hosts, and the home, database and Mesh home checks on those hosts. None of them changes anything,
 * so none has to wait for another: a host that does not answer fails its ping and its check alike, and
 * the run reports the ping (the clearer message) once every check has ended. Workflow code; used by
 * runs started since {@link #CHANGE} (before, the same checks ran one after the other).
 */
final class BackupChecks {
  /** The change that made the backup's checks run in parallel. */
  static final String CHANGE = "backup-parallel-checks";

  private BackupChecks() {}

  /** True in runs that check in parallel. */
  static boolean inParallel() {
    return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /**
   * Runs every check at once; {@code mesh} adds the comparison of Bitbucket's registered Mesh nodes with the
   * configured ones, the Mesh hosts' pings and each Mesh home's check.
   */
  static void run(RunRecorder recorder, CatalogActivities catalog, BitbucketActivities bitbucket, ResolvedInstance instance,
                  MeshHomes mesh) {
    boolean zeroDowntime = instance.mode() == BackupMode.ZERO_DOWNTIME;
    if (zeroDowntime && !instance.homeSnapshotIsPointInTime()) {
      throw ApplicationFailure.newNonRetryableFailure(instance.homeProvider() + " is not a point-in-time snapshot: use mode: locked",
          FailureTypes.CONFIG_INVALID);
    }
    List<HostView> hosts = new ArrayList<>(List.of(instance.host(instance.homeHost()), instance.host(instance.databaseHost())));
    hosts.addAll(mesh.hosts());
    Promise<List<HostCheck>> pings = Async.function(() -> Reachability.check(recorder, hosts.stream().distinct().toList()));
    Promise<?> version = !zeroDowntime ? Async.function(() -> null) : Async.function(() -> recorder.step("check Bitbucket version", null, () -> {
      var v = bitbucket.version(new BitbucketRequest(instance.name()));
      if (!v.isAtLeast(4, 8)) {
        throw ApplicationFailure.newNonRetryableFailure("zero-downtime backup needs Bitbucket 4.8 or later; "
            + instance.name() + " runs " + v.version() + " (use mode: locked)", FailureTypes.BITBUCKET_STATE);
      }
      return v;
    }, v -> v.displayName() + " " + v.version() + " supports zero-downtime backup"));
    Promise<Void> meshRegistered = Async.procedure(() -> mesh.prepare(bitbucket));
    HomeActivities home = HostSteps.on(HomeActivities.class, instance.host(instance.homeHost()), HostSteps.CHECK);
    DatabaseActivities db = HostSteps.on(DatabaseActivities.class, instance.host(instance.databaseHost()), HostSteps.CHECK);
    Promise<?> homeCheck = Async.function(() -> recorder.step("check home (" + instance.homeProvider() + ")",
        instance.homeHost(), () -> home.checkHome(HomeRequest.of(instance.homeHost(), instance.name(), null)),
        c -> String.join("; ", c.evidence())));
    Promise<?> dbCheck = Async.function(() -> {
      long lastDump = recorder.step("find the last dump's size", null,
          () -> catalog.restorePoints(new RestorePointQuery(instance.name(), List.of(RestorePointStatus.COMPLETE))),
          l -> l.restorePoints().isEmpty() ? "no earlier restore point" : "last dump " + BackupWorkflowImpl.bytes(l.restorePoints().get(0).dumpBytes()))
          .restorePoints().stream().findFirst().map(rp -> rp.dumpBytes()).orElse(0L);
      return recorder.step("check database (" + instance.databaseProvider() + ")", instance.databaseHost(),
          () -> db.checkDatabase(new DatabaseRequest(instance.databaseHost(), instance.name(), null, List.of(), lastDump)),
          c -> String.join("; ", c.evidence()));
    });
    List<Promise<?>> checks = new ArrayList<>(List.of(version, meshRegistered, homeCheck, dbCheck));
    checks.addAll(mesh.checks());
    Reachability.requireWith(pings, checks);
  }
}
