package dev.runbook.workflows.home;

import java.time.Instant;
import java.util.List;

/**
 * What a home snapshot step made.
 *
 * @param artifacts one per mount (or one for all, as the provider makes them)
 * @param startedAt when the step began its work on the host (after its lookups)
 * @param freezeStartedAt when the first mount was frozen; null when nothing was frozen
 * @param freezeEndedAt when the last mount was thawed; null when nothing was frozen
 * @param endedAt when the step ended
 */
public record HomeSnapshot(List<Artifact> artifacts, Instant startedAt, Instant freezeStartedAt,
                           Instant freezeEndedAt, Instant endedAt) {
  /** How long the home was frozen, in milliseconds; 0 when it was not. */
  public long freezeMillis() {
    return freezeStartedAt == null ? 0 : freezeEndedAt.toEpochMilli() - freezeStartedAt.toEpochMilli();
  }
}
