package dev.runbook.workflows.run;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of a run as operators see it: in {@code --follow} output, in the catalog and in
 * {@code runbook show}.
 *
 * @param seq position in the run, from 1
 * @param name what the step does, for example {@code read Bitbucket /status}
 * @param host the host the step ran on, or null for control steps
 * @param startedAt when it started (workflow time)
 * @param endedAt when it ended, null while running
 * @param outcome how it ended
 * @param detail one line of evidence or error, never a secret; may be null
 */
public record StepView(int seq, String name, String host, Instant startedAt, Instant endedAt,
                       StepOutcome outcome, String detail) {
  /** Time from start to end, or null while running. */
  public Duration duration() {
    return endedAt == null ? null : Duration.between(startedAt, endedAt);
  }

  /** This step ended at {@code at} with {@code how} and {@code why}. */
  public StepView ended(Instant at, StepOutcome how, String why) {
    return new StepView(seq, name, host, startedAt, at, how, why);
  }
}
