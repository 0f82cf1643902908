package dev.runbook.workflows.internal;

import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.RestorePointChange;
import dev.runbook.workflows.catalog.RestorePointLookup;
import dev.runbook.workflows.catalog.RestorePointQuery;
import dev.runbook.workflows.catalog.RestorePointStatus;
import dev.runbook.workflows.catalog.RestorePointView;
import dev.runbook.workflows.config.HostView;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.database.DatabaseRequest;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.home.HomeRequest;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the newest {@code retention} complete restore points of exactly one instance and deletes the
 * others' artifacts, through the providers on the hosts that hold them, as the catalog recorded
 * them. A restore point whose deletion fails stays COMPLETE in the catalog and is reported.
 */
public final class Retention {
  /** The change that made retention skip restore points a verify run holds. */
  private static final String VERIFY_HOLD_CHANGE = "retention-skips-verify-holds";

  private Retention() {}

  /**
   * What retention did (or, on a dry run, would do).
   *
   * @param kept restore points kept, newest first
   * @param deleted restore points deleted (or to delete), oldest first
   * @param failures one line per restore point that could not be deleted
   */
  public record Outcome(List<String> kept, List<String> deleted, List<String> failures) {}

  public static Outcome apply(RunRecorder recorder, CatalogActivities catalog, ResolvedInstance instance, boolean dryRun) {
    List<RestorePointView> complete = recorder.step("list restore points of " + instance.name(), null,
        () -> catalog.restorePoints(new RestorePointQuery(instance.name(), List.of(RestorePointStatus.COMPLETE))),
        l -> l.restorePoints().size() + " complete, keeping " + instance.retention()).restorePoints();
    List<String> kept = new ArrayList<>(complete.stream().limit(instance.retention()).map(RestorePointView::id).toList());
    List<RestorePointView> doomed = new ArrayList<>(complete.subList(Math.min(instance.retention(), complete.size()),
        complete.size()));
    java.util.Collections.reverse(doomed);
    List<String> deleted = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (RestorePointView rp : doomed) {
      if (!rp.instance().equals(instance.name())) {
        // The catalog answers for one instance; this guards the guard.
        failures.add(rp.id() + ": belongs to " + rp.instance() + ", not deleted");
        continue;
      }
      if (dryRun) {
        recorder.skip("delete restore point " + rp.id(), null, "dry run: would delete " + describe(rp.artifacts()));
        deleted.add(rp.id());
        continue;
      }
      // A verification holding the point restores it into scratch space right now: deleting it would fail that run.
      if (Workflow.getVersion(VERIFY_HOLD_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1
          && catalog.verificationHeld(new RestorePointLookup(rp.id()))) {
        recorder.skip("delete restore point " + rp.id(), null, "a verification holds it; the next prune deletes it");
        kept.add(rp.id());
        continue;
      }
      Attempt<Void> a = recorder.attempt("delete restore point " + rp.id(), null, () -> {
        delete(instance, rp);
        catalog.restorePoint(RestorePointChange.deleted(rp.id(), instance.name(),
            Instant.ofEpochMilli(Workflow.currentTimeMillis()), "retention: keeping the newest " + instance.retention()));
        return null;
      }, v -> "deleted " + describe(rp.artifacts()));
      if (a.ok()) {
        deleted.add(rp.id());
      } else {
        failures.add(rp.id() + ": " + a.error());
      }
    }
    return new Outcome(kept, deleted, failures);
  }

  private static void delete(ResolvedInstance instance, RestorePointView rp) {
    for (String host : rp.artifacts().stream().map(Artifact::host).distinct().toList()) {
      HostView view = instance.host(host);
      List<Artifact> home = rp.artifacts().stream().filter(a -> a.host().equals(host) && Artifact.HOME.equals(a.kind())).toList();
      List<Artifact> db = rp.artifacts().stream().filter(a -> a.host().equals(host) && Artifact.DATABASE.equals(a.kind())).toList();
      if (!home.isEmpty()) {
        HostSteps.on(HomeActivities.class, view, HostSteps.DELETE)
            .deleteHomeSnapshot(new HomeRequest(host, instance.name(), rp.id(), home));
      }
      if (!db.isEmpty()) {
        HostSteps.on(DatabaseActivities.class, view, HostSteps.DELETE)
            .deleteDatabaseDump(new DatabaseRequest(host, instance.name(), rp.id(), db, 0));
      }
      MeshSteps.deleteSnapshots(instance, rp.id(), host, rp.artifacts());
    }
  }

  private static String describe(List<Artifact> artifacts) {
    return String.join(", ", artifacts.stream().map(a -> a.name() + " (" + a.location() + ")").toList());
  }
}
