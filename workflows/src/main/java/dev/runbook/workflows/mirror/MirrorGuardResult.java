package dev.runbook.workflows.mirror;

import dev.runbook.workflows.run.StepView;
import java.util.List;

/**
 * Outcome of {@link MirrorGuardWorkflow}.
 *
 * @param staging the staging instance's mirror records
 * @param production the production instance's mirror records
 * @param shared every staging record sharing an id or base URL with a production one, with what it shares
 * @param isolation the steps to take on staging when anything is shared; empty otherwise
 * @param steps every recorded step
 */
public record MirrorGuardResult(MirrorServers staging, MirrorServers production, List<Shared> shared,
                                List<String> isolation, List<StepView> steps) implements dev.runbook.workflows.run.RunResult {
  /** True when staging shares no mirror with production. */
  public boolean sharesNothing() {
    return shared.isEmpty();
  }

  /**
   * A mirror staging shares with production.
   *
   * @param staging the record on staging
   * @param production the matching record on production
   * @param sameId the ids are equal
   * @param sameBaseUrl the base URLs are equal
   */
  public record Shared(MirrorServers.Server staging, MirrorServers.Server production, boolean sameId,
                       boolean sameBaseUrl) {}
}
