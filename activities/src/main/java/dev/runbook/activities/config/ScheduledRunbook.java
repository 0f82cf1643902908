package dev.runbook.activities.config;

import dev.runbook.workflows.backup.BackupWorkflow;
import dev.runbook.workflows.backup.PruneWorkflow;
import dev.runbook.workflows.check.HealthCheckWorkflow;
import dev.runbook.workflows.hosts.HostsWorkflow;
import dev.runbook.workflows.mirror.MirrorGuardWorkflow;
import dev.runbook.workflows.mirror.MirrorHealthWorkflow;
import dev.runbook.workflows.mirror.MirrorRecoveryWorkflow;
import dev.runbook.workflows.restore.RestoreWorkflow;
import dev.runbook.workflows.services.ServicesWorkflow;
import dev.runbook.workflows.sweep.SweepWorkflow;
import dev.runbook.workflows.verify.VerifyWorkflow;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runbooks a schedule may start: those whose whole input is an instance, a mirror or nothing, so a
 * schedule's one-object input ({@code {"instance":"prod"}}) says everything the run needs.
 */
public enum ScheduledRunbook {
  // Run timeouts as the CLI gives them: never shorter than the runbook's own step budgets; none (null) for
  // runbooks that change an instance, which keep their deadline themselves so that their cleanup runs.
  CHECK(HealthCheckWorkflow.KIND, HealthCheckWorkflow.TYPE, Subject.INSTANCE, Duration.ofMinutes(10)),
  BACKUP(BackupWorkflow.KIND, BackupWorkflow.TYPE, Subject.INSTANCE, null),
  PRUNE(PruneWorkflow.KIND, PruneWorkflow.TYPE, Subject.INSTANCE, null),
  VERIFY(VerifyWorkflow.KIND, VerifyWorkflow.TYPE, Subject.INSTANCE, null),
  MIRROR_CHECK(MirrorHealthWorkflow.KIND, MirrorHealthWorkflow.TYPE, Subject.MIRROR, Duration.ofMinutes(10)),
  HOSTS(HostsWorkflow.KIND, HostsWorkflow.TYPE, Subject.NONE, Duration.ofMinutes(5));

  /** What a run's input names. */
  public enum Subject {
    /** {@code instance}, required. */
    INSTANCE,
    /** {@code mirror}, optional: every mirror when absent. */
    MIRROR,
    /** Neither: the run works on every host. */
    NONE
  }

  /** Why the other runbooks cannot be scheduled, by kind. */
  private static final Map<String, String> REFUSED = Map.of(
      RestoreWorkflow.KIND, "a restore needs a chosen restore point and a second person's approval; start it with runbook restore",
      MirrorRecoveryWorkflow.KIND, "a recovery acts on a diagnosis and waits for approval; schedule mirror-check on a mirror with autoRecover: true",
      "mirror-recover", "a recovery acts on a diagnosis and waits for approval; schedule mirror-check on a mirror with autoRecover: true",
      ServicesWorkflow.KIND, "stopping or starting Bitbucket is a decision, not a routine; use runbook services",
      MirrorGuardWorkflow.KIND, "the guard compares two instances named at start; run runbook mirror guard",
      SweepWorkflow.KIND, "the control worker runs it every 5 minutes on its own schedule, runbook.sweep; "
          + "runbook sweep --apply also deletes old kept-aside copies");

  private final String kind;
  private final String workflowType;
  private final Subject subject;
  private final Duration runTimeout;

  ScheduledRunbook(String kind, String workflowType, Subject subject, Duration runTimeout) {
    this.kind = kind;
    this.workflowType = workflowType;
    this.subject = subject;
    this.runTimeout = runTimeout;
  }

  /** How long one run may take in all, its workflow execution timeout; null for none (the run keeps its own deadline). */
  public Duration runTimeout() {
    return runTimeout;
  }

  public String kind() {
    return kind;
  }

  public String workflowType() {
    return workflowType;
  }

  public Subject subject() {
    return subject;
  }

  /** The runbook of kind {@code kind}, or empty when it cannot be scheduled. */
  public static Optional<ScheduledRunbook> of(String kind) {
    return Arrays.stream(values()).filter(r -> r.kind.equals(kind)).findFirst();
  }

  /** Why {@code kind} cannot be scheduled: a reason for a known runbook, else the list of those that can. */
  static String refusal(String kind) {
    String reason = REFUSED.get(kind);
    return reason != null ? kind + " cannot be scheduled: " + reason
        : "unknown runbook '" + kind + "'; one of " + Arrays.stream(values()).map(ScheduledRunbook::kind).collect(Collectors.joining(", "));
  }
}
