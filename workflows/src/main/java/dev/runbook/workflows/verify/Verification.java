package dev.runbook.workflows.verify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A verification of one restore point, as the catalog records it (table {@code verifications}).
 *
 * @param runId the verify run
 * @param workflowId its workflow, to tell whether a hold's run is still open
 * @param restorePointId the restore point
 * @param instance its instance
 * @param startedAt when the run took its hold on the point
 * @param endedAt when it ended; null while it runs
 * @param outcome {@code RUNNING}, {@code VERIFIED} or {@code FAILED}
 * @param rowCounts rows per key table, as counted in the scratch database
 * @param repositories the repositories checked
 * @param detail the problems, or a summary when verified
 */
public record Verification(String runId, String workflowId, String restorePointId, String instance, Instant startedAt, Instant endedAt,
                           String outcome, Map<String, Long> rowCounts, List<String> repositories, String detail) {
  /** A run that holds the restore point and has not ended. */
  public static final String RUNNING = "RUNNING";
  /** Every check passed. */
  public static final String VERIFIED = "VERIFIED";
  /** A check failed, or the scratch restore did. */
  public static final String FAILED = "FAILED";

  public Verification {
    rowCounts = rowCounts == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rowCounts));
    repositories = repositories == null ? List.of() : List.copyOf(repositories);
  }
}
