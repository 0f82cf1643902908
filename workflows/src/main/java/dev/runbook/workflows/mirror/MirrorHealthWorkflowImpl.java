package dev.runbook.workflows.mirror;

import dev.runbook.workflows.TaskQueues;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.LastRunQuery;
import dev.runbook.workflows.catalog.RunSummary;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.ListMirrorsRequest;
import dev.runbook.workflows.config.MirrorList;
import dev.runbook.workflows.config.ResolveMirrorRequest;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.internal.StartedBy;
import dev.runbook.workflows.internal.Attempt;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.RecordedRunbook;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.mirror.MirrorHealthResult.MirrorReport;
import dev.runbook.workflows.run.RunLabel;
import dev.runbook.workflows.run.RunStatus;
import dev.runbook.workflows.run.Trigger;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link MirrorHealthWorkflow}. */
public class MirrorHealthWorkflowImpl extends RecordedRunbook implements MirrorHealthWorkflow {
  public MirrorHealthWorkflowImpl() {
    super(KIND);
  }

  /** Who a recovery started by {@code autoRecover} names as its requester. */
  public static final String AUTO_RECOVER = "autoRecover";

  private final ConfigActivities config = ControlSteps.config();
  private final MirrorActivities rest = MirrorSteps.rest();
  private final CatalogActivities catalog = ControlSteps.catalog();

  @Override
  public MirrorHealthResult check(MirrorHealthInput input) {
    recorder = RunRecorder.begin(KIND, input.mirror(), input.requestedBy(), input);
    return recorder.guard(() -> {
      List<ResolvedMirror> mirrors = recorder.step("resolve configuration", null, () -> input.mirror() == null
          ? config.listMirrors(new ListMirrorsRequest())
          : new MirrorList(List.of(config.resolveMirror(new ResolveMirrorRequest(input.mirror())))),
          l -> l.mirrors().size() + " mirror(s)").mirrors();
      List<Promise<Attempt<MirrorInspection>>> looks = new ArrayList<>();
      for (ResolvedMirror m : mirrors) {
        looks.add(Async.function(() -> recorder.attempt("inspect mirror " + m.name(), null,
            () -> rest.inspect(new MirrorCall(m.name(), m.mirrorId())),
            i -> MirrorDiagnosis.of(m, i).summary())));
      }
      List<MirrorReport> reports = new ArrayList<>();
      for (int i = 0; i < mirrors.size(); i++) {
        reports.add(report(mirrors.get(i), looks.get(i).get(), input));
      }
      long degraded = reports.stream().filter(r -> !r.diagnosis().healthy()).count();
      // A degraded mirror is this check's finding, not its failure.
      recorder.finish(RunStatus.SUCCEEDED, degraded == 0
          ? reports.size() + " mirror(s) healthy" : degraded + " of " + reports.size() + " mirror(s) degraded: "
          + String.join(", ", reports.stream().filter(r -> !r.diagnosis().healthy())
              .map(r -> r.diagnosis().mirror() + " " + r.diagnosis().condition().id()).toList()));
      return new MirrorHealthResult(reports, degraded == 0, recorder.steps());
    });
  }

  private MirrorReport report(ResolvedMirror m, Attempt<MirrorInspection> look, MirrorHealthInput input) {
    if (!look.ok()) {
      // The configuration or credentials are at fault, not the mirror: report it as unreadable.
      MirrorDiagnosis d = new MirrorDiagnosis(m.name(), MirrorCondition.UNREACHABLE, List.of("not inspected: "
          + look.error()), m.mirrorId());
      return new MirrorReport(d, List.of(), null);
    }
    MirrorDiagnosis d = MirrorDiagnosis.of(m, look.value());
    String recovery = null;
    if (d.condition() == MirrorCondition.REMOVED && m.autoRecover()) {
      recovery = held(m);
      if (recovery == null) {
        recovery = startRecovery(m, input);
      }
    }
    return new MirrorReport(d, look.value().farmNodes(), recovery);
  }

  /**
   * One automatic attempt per incident: when the mirror's newest recovery was an automatic one that
   * failed (rejected, not approved in time, or not healthy at the end), a person decides the next one,
   * so that a scheduled check does not page the approvers again every few minutes.
   *
   * @return why no recovery is started, or null to start one
   */
  private String held(ResolvedMirror m) {
    RunSummary last = recorder.step("look up the last recovery of mirror " + m.name(), null,
        () -> catalog.lastRun(new LastRunQuery(m.name(), MirrorRecoveryWorkflow.KIND)),
        l -> l.run() == null ? "none" : l.run().workflowId() + " " + l.run().status()).run();
    if (last == null || !AUTO_RECOVER.equals(last.requestedBy())
        || (last.status() != RunStatus.FAILED && last.status() != RunStatus.CANCELLED)) {
      return null;
    }
    String why = "held: the last automatic recovery " + last.workflowId() + " ended " + last.status() + " ("
        + last.summary() + "); recover by hand: runbook mirror recover --mirror " + m.name();
    recorder.skip("start recovery of mirror " + m.name(), null, why);
    return why;
  }

  /**
   * Starts the recovery and returns once it runs; it outlives this check and asks for approval itself.
   * Its workflow id is fixed, so a later check finds it still running instead of starting another.
   */
  private String startRecovery(ResolvedMirror m, MirrorHealthInput input) {
    String id = autoRecoveryId(m.name());
    // A check run by hand that finds a broken mirror starts the recovery as an incident; a scheduled one as scheduled.
    Trigger trigger = recorder.trigger() == Trigger.SCHEDULE ? Trigger.SCHEDULE : Trigger.INCIDENT;
    RunLabel label = new RunLabel(MirrorRecoveryWorkflow.KIND, m.name(), trigger);
    MirrorRecoveryWorkflow child = Workflow.newChildWorkflowStub(MirrorRecoveryWorkflow.class,
        StartedBy.child(label, AUTO_RECOVER)
            .setWorkflowId(id)
            .setTaskQueue(TaskQueues.CONTROL)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .build());
    String waits = m.recovery().requireApproval() ? "; it waits for approval: runbook approve " + id
        + " --as NAME --reason TEXT" : "";
    Attempt<String> started = recorder.attempt("start recovery of mirror " + m.name(), null, () -> {
      Async.function(child::recover, new MirrorRecoveryInput(m.name(), trigger, AUTO_RECOVER));
      try {
        Workflow.getWorkflowExecution(child).get();
        return "started " + id + waits;
      } catch (ChildWorkflowFailure f) {
        if (f.getCause() instanceof WorkflowExecutionAlreadyStarted) {
          return "already running: " + id + waits;
        }
        throw f;
      }
    }, r -> "autoRecover: " + r);
    return started.ok() ? started.value() : null;
  }

  /** The workflow id of the recovery {@code autoRecover} starts for a mirror. */
  public static String autoRecoveryId(String mirror) {
    return "mirror-recovery-" + mirror + "-auto";
  }


}
