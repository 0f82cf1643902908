package dev.runbook.workflows;

import dev.runbook.workflows.backup.BackupWorkflowImpl;
import dev.runbook.workflows.backup.PruneWorkflowImpl;
import dev.runbook.workflows.check.HealthCheckWorkflowImpl;
import dev.runbook.workflows.hosts.HostsWorkflowImpl;
import dev.runbook.workflows.mirror.MirrorGuardWorkflowImpl;
import dev.runbook.workflows.mirror.MirrorHealthWorkflowImpl;
import dev.runbook.workflows.mirror.MirrorRecoveryWorkflowImpl;
import dev.runbook.workflows.restore.RestoreWorkflowImpl;
import dev.runbook.workflows.services.ServicesWorkflowImpl;
import dev.runbook.workflows.sweep.SweepWorkflowImpl;
import java.util.List;

/**
 * Every workflow implementation the control worker serves, in one list: the worker registers them,
 * and the replay tests require a history recorded on Temporal's real server for each.
 */
public final class Runbooks {
  /** The implementations, one per workflow type. */
  public static final List<Class<?>> WORKFLOW_IMPLEMENTATIONS = List.of(HealthCheckWorkflowImpl.class,
      HostsWorkflowImpl.class, ServicesWorkflowImpl.class, BackupWorkflowImpl.class, PruneWorkflowImpl.class,
      RestoreWorkflowImpl.class, dev.runbook.workflows.verify.VerifyWorkflowImpl.class, MirrorHealthWorkflowImpl.class, MirrorRecoveryWorkflowImpl.class,
      MirrorGuardWorkflowImpl.class, SweepWorkflowImpl.class);

  /** Every runbook kind a run records ({@code RunbookKind}, the catalog's {@code runbook}), in the order operators meet them. */
  public static final List<String> KINDS = List.of(dev.runbook.workflows.check.HealthCheckWorkflow.KIND,
      dev.runbook.workflows.hosts.HostsWorkflow.KIND, dev.runbook.workflows.services.ServicesWorkflow.KIND,
      dev.runbook.workflows.backup.BackupWorkflow.KIND, dev.runbook.workflows.backup.PruneWorkflow.KIND,
      dev.runbook.workflows.restore.RestoreWorkflow.KIND, dev.runbook.workflows.mirror.MirrorHealthWorkflow.KIND,
      dev.runbook.workflows.mirror.MirrorRecoveryWorkflow.KIND, dev.runbook.workflows.mirror.MirrorGuardWorkflow.KIND);

  private Runbooks() {}

  /** The implementations as an array, for the SDK's varargs registration and replay methods. */
  public static Class<?>[] implementations() {
    return WORKFLOW_IMPLEMENTATIONS.toArray(Class<?>[]::new);
  }
}
