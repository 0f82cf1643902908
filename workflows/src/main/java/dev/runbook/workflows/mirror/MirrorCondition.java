package dev.runbook.workflows.mirror;

/** What a look at a mirror concluded, worst first in the order a diagnosis checks. */
public enum MirrorCondition {
  /** The mirror did not answer, or refused the credentials. */
  UNREACHABLE,
  /** The mirror has no upstream at all: it must be set up again, which this runbook does not do. */
  UNREGISTERED,
  /** The mirror's upstream is REMOVED or UNKNOWN: the pairing was deleted (the staging-clone incident). */
  REMOVED,
  /** The mirror waits for its authorization request to be accepted, or is being installed. */
  PENDING,
  /**
   * The mirror is INSTALLED but the primary's record is missing, disabled, for another URL or not seen
   * for too long, or the primary could not be read.
   */
  STALE,
  /**
   * The mirror is INSTALLED and paired, but a configured node does not answer at its URL, does not run,
   * or reports another upstream state, or the farm lists fewer nodes than configured.
   */
  NODE_DOWN,
  /** The mirror is INSTALLED and paired, but not every repository is synchronized. */
  SYNCHRONIZING,
  /** INSTALLED, listed, seen recently and fully synchronized. */
  HEALTHY;

  /** The word a table shows. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
