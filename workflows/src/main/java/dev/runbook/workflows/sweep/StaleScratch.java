package dev.runbook.workflows.sweep;

import dev.runbook.workflows.home.Artifact;
import java.time.Instant;
import java.util.List;

/**
 * A verify run that holds its restore point in the catalog ({@code RUNNING}) but is no longer open in Temporal:
 * terminated or timed out, it ran no cleanup, so its scratch database and scratch home may still exist.
 *
 * @param runId the verify run
 * @param workflowId its workflow
 * @param instance its instance
 * @param restorePointId the restore point it verified
 * @param startedAt when it took its hold
 * @param scratchName its scratch label, {@code verify_<8 hex>}, which every scratch copy's name carries
 * @param artifacts the restore point's artifacts as the catalog recorded them, deleted ones included: the scratch
 *     copies are named after them, and outlive them
 * @param why what Temporal says of the run
 */
public record StaleScratch(String runId, String workflowId, String instance, String restorePointId, Instant startedAt,
                           String scratchName, List<Artifact> artifacts, String why) {
  public StaleScratch {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }
}
