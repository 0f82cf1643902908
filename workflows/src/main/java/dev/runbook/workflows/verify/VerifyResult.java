package dev.runbook.workflows.verify;

import dev.runbook.workflows.run.StepView;
import java.util.List;
import java.util.Map;

/**
 * Outcome of {@link VerifyWorkflow}.
 *
 * @param instance the instance
 * @param point the restore point verified
 * @param verified true when the restore finished, every key table has rows and every sampled repository
 *     passed {@code git fsck --connectivity-only}
 * @param rowCounts rows per key table in the scratch database, as counted
 * @param repositoriesChecked the sampled repositories (paths relative to the home), in the order checked
 * @param problems why the point is not verified; empty when it is
 * @param steps the run's steps
 */
public record VerifyResult(String instance, String point, boolean verified, Map<String, Long> rowCounts,
                           List<String> repositoriesChecked, List<String> problems, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {}
