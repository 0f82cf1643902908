package dev.runbook.workflows.verify;

import dev.runbook.workflows.home.Artifact;
import java.util.List;

/**
 * Input of the scratch-copy activities of a verification, on the home host or the database host.
 *
 * @param host the host expected to run the step
 * @param instance the instance
 * @param restorePointId the restore point whose artifacts are copied
 * @param artifacts the artifacts of that kind, as the catalog recorded them
 * @param scratchName the run's own scratch label, {@code verify_<8 hex>}: every scratch copy's name carries it,
 *     so one run deletes only its own copies, and a retry finds what an earlier attempt made
 */
public record ScratchRequest(String host, String instance, String restorePointId, List<Artifact> artifacts,
                             String scratchName) {
  public ScratchRequest {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** The scratch label of verify run {@code runId}: {@code verify_} and the first 8 hex digits of the run id. */
  public static String labelOf(String runId) {
    return "verify_" + runId.replace("-", "").substring(0, 8);
  }

  /** True for a label this runbook makes: {@code verify_} and 8 lower-case hex digits. */
  public static boolean isScratchName(String name) {
    return name != null && name.matches("verify_[0-9a-f]{8}");
  }

  /** This request, once its scratch label is one this runbook makes: the label names paths and databases. */
  public ScratchRequest checked() {
    if (!isScratchName(scratchName)) {
      throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure("'" + scratchName + "' is not a scratch label "
          + "(verify_ and 8 hex digits)", dev.runbook.workflows.FailureTypes.INVALID_INPUT);
    }
    return this;
  }
}
