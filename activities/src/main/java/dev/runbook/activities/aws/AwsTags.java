package dev.runbook.activities.aws;

/**
 * The tag keys runbook puts on what it makes or keeps in AWS (EBS snapshots and volumes, RDS
 * snapshots, instances and clusters). Retention, clean-up and undo find resources by exact tag
 * values, never by name prefix, so instance {@code prod} never touches {@code prod-2}'s. The IAM
 * policies in docs/security.md allow deletes only on resources carrying these tags.
 */
public final class AwsTags {
  /** The runbook instance name (from runbook.yaml), exactly. */
  public static final String INSTANCE = "runbook:instance";
  /** The restore point id. */
  public static final String RESTORE_POINT = "runbook:restore-point";
  /** The id of the run (workflow) that made the resource. */
  public static final String RUN = "runbook:run";
  /** On a resource a restore set aside (a detached volume, a renamed database): the restore run that keeps it. */
  public static final String KEPT_BY_RUN = "runbook:kept-by-run";

  private AwsTags() {}
}
