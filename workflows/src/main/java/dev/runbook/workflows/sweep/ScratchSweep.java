package dev.runbook.workflows.sweep;

import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.database.DatabaseActivities;
import dev.runbook.workflows.home.Artifact;
import dev.runbook.workflows.home.HomeActivities;
import dev.runbook.workflows.internal.HostSteps;
import dev.runbook.workflows.verify.ScratchRequest;
import dev.runbook.workflows.verify.Verification;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * The sweep's cleanup after a verify run that ended without its own (terminated, timed out): the same delete steps
 * the run's cleanup would have run, by its scratch label, then its hold on the restore point ended as
 * {@code FAILED} with why. Workflow code.
 */
final class ScratchSweep {
  /** The change that made the sweep delete the scratch copies of verify runs that are no longer open. */
  static final String CHANGE = "sweep-verify-scratch";

  private ScratchSweep() {}

  /** Drops the scratch database and deletes the scratch home of {@code s}; returns what was done. */
  static String delete(ResolvedInstance in, CatalogActivities catalog, StaleScratch s) {
    ScratchRequest db = new ScratchRequest(in.databaseHost(), in.name(), s.restorePointId(),
        s.artifacts().stream().filter(a -> Artifact.DATABASE.equals(a.kind())).toList(), s.scratchName());
    ScratchRequest home = new ScratchRequest(in.homeHost(), in.name(), s.restorePointId(),
        s.artifacts().stream().filter(a -> Artifact.HOME.equals(a.kind())).toList(), s.scratchName());
    HostSteps.on(DatabaseActivities.class, in.host(in.databaseHost()), HostSteps.DELETE).dropScratchDatabase(db);
    HostSteps.on(HomeActivities.class, in.host(in.homeHost()), HostSteps.DELETE).deleteHomeScratch(home);
    catalog.endVerification(new Verification(s.runId(), s.workflowId(), s.restorePointId(), s.instance(), s.startedAt(),
        Instant.ofEpochMilli(Workflow.currentTimeMillis()), Verification.FAILED, null, null, "the verify run ended without "
        + "cleaning up (" + s.why() + "); runbook sweep deleted its scratch copies " + s.scratchName()));
    return "scratch database and scratch home deleted; verification recorded as FAILED";
  }
}
