package dev.runbook.workflows.sweep;

/**
 * One thing the sweep found, and what it did.
 *
 * @param kind {@code run}, {@code lease}, {@code lock}, {@code restore-point}, {@code verify-scratch},
 *     {@code frozen-home}, {@code kept-home} or {@code kept-database}
 * @param subject what it is: a run id, an instance, a restore point id, a scratch label, a path or a database name
 * @param outcome what the sweep did
 * @param detail what was found and done, or why not
 */
public record SweepItem(String kind, String subject, Outcome outcome, String detail) {
  /** What the sweep did about an item. */
  public enum Outcome {
    /** Repaired (closed, released, deleted, thawed). */
    DONE,
    /** Found and left in place: a kept-aside copy past its time, without {@code apply}. */
    LISTED,
    /** The repair failed; the detail says why. The next sweep tries again. */
    FAILED
  }

  /** True when the item is still there after this sweep. */
  public boolean left() {
    return outcome != Outcome.DONE;
  }
}
