package dev.runbook.workflows.mirror;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.catalog.InstanceLease;
import dev.runbook.workflows.config.ConfigActivities;
import dev.runbook.workflows.config.ResolveMirrorRequest;
import dev.runbook.workflows.config.ResolvedMirror;
import dev.runbook.workflows.internal.ApprovalRequest;
import dev.runbook.workflows.internal.GatedRunbook;
import dev.runbook.workflows.internal.ControlSteps;
import dev.runbook.workflows.internal.Notifier;
import dev.runbook.workflows.internal.RunRecorder;
import dev.runbook.workflows.run.Failures;
import dev.runbook.workflows.run.RunStatus;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Implementation of {@link MirrorRecoveryWorkflow}. */
public class MirrorRecoveryWorkflowImpl extends GatedRunbook implements MirrorRecoveryWorkflow {
  public MirrorRecoveryWorkflowImpl() {
    super(KIND, "recovery");
  }

  private final ConfigActivities config = ControlSteps.config();
  private final CatalogActivities catalog = ControlSteps.catalog();
  private final MirrorActivities rest = MirrorSteps.rest();
  private final Notifier notifier = new Notifier(KIND);
  private final List<String> actions = new ArrayList<>();
  private MirrorDiagnosis before;
  /** The mirror's id once known; it stays known after the primary's record is removed. */
  private String mirrorId;
  /** True once steps 5 to 7 ran: they run once per recovery. */
  private boolean reauthorized;

  @Override
  public MirrorRecoveryResult recover(MirrorRecoveryInput input) {
    recorder = RunRecorder.begin(KIND, input.mirror(), input.requestedBy(), input);
    gate.requestedBy(input.requestedBy());
    return recorder.guard(() -> {
      if (input.mirror() == null || input.mirror().isBlank()) {
        throw ApplicationFailure.newNonRetryableFailure("the input names no mirror; start it with "
            + "{\"mirror\":\"NAME\",\"requestedBy\":\"WHO\"}", FailureTypes.INVALID_INPUT);
      }
      ResolvedMirror mirror = recorder.step("resolve configuration", null,
          () -> config.resolveMirror(new ResolveMirrorRequest(input.mirror())),
          m -> m.baseUrl() + ", primary " + m.primary() + ", " + m.nodes().size() + " node(s)");
      InstanceLease lease = new InstanceLease(mirror.name(), Workflow.getInfo().getRunId(),
          Workflow.getInfo().getWorkflowId(), KIND);
      recorder.step("claim mirror " + mirror.name(), null, () -> {
        catalog.acquireInstance(lease);
        return lease;
      }, l -> "no other recovery of " + l.instance() + " runs");
      try {
        return run(mirror, input);
      } catch (TemporalFailure e) {
        // A healthy mirror asked to recover is an answer, not an alert.
        if (!FailureTypes.MIRROR_HEALTHY.equals(Failures.type(e))) {
          String status = RunRecorder.cancelled(e) ? "CANCELLED" : "FAILED";
          notifier.tell(mirror.primary(), status, "recovery of mirror " + mirror.name() + " " + status + ": "
              + Failures.describe(e));
        }
        throw e;
      } finally {
        Workflow.newDetachedCancellationScope(() -> catalog.releaseInstance(lease)).run();
      }
    });
  }

  private MirrorRecoveryResult run(ResolvedMirror mirror, MirrorRecoveryInput input) {
    gate.requireRequester("a recovery of mirror " + mirror.name(), mirror.recovery().requireApproval());
    gate.trust(mirror.recovery().approvals(), input.request(), mirror.name(), null, false);
    MirrorInspection first = recorder.step("diagnose", null, () -> rest.inspect(new MirrorCall(mirror.name(),
        mirror.mirrorId())), i -> MirrorDiagnosis.of(mirror, i).summary());
    before = MirrorDiagnosis.of(mirror, first);
    if (before.healthy()) {
      throw ApplicationFailure.newNonRetryableFailure("mirror " + mirror.name() + " is healthy, nothing to recover: "
          + before.evidence(), FailureTypes.MIRROR_HEALTHY);
    }
    if (before.condition() == MirrorCondition.UNREGISTERED) {
      throw ApplicationFailure.newNonRetryableFailure("mirror " + mirror.name() + " has no upstream registered, so it "
          + "cannot ask for authorization again; it must be set up again (vendor article \"How to re-install/"
          + "re-register a single Bitbucket Smart Mirror\"): " + before.evidence(), FailureTypes.MIRROR_STATE);
    }
    if (first.primaryError() != null) {
      throw ApplicationFailure.newNonRetryableFailure("mirror " + mirror.name() + " cannot be recovered while its "
          + "primary " + mirror.primary() + " does not answer (" + first.primaryError() + "); nothing was changed",
          FailureTypes.MIRROR_STATE);
    }
    gate.await("wait for approval", mirror.recovery().requireApproval(), mirror.recovery().approvalTimeout(),
        recorder, catalog, new ApprovalRequest(mirror.primary(), mirror.name(), "diagnosis: " + before.summary()
            + "\nthen: remove the stale record on " + mirror.primary() + ", ask the mirror for authorization, accept it, "
            + "wait for synchronization; a rolling restart and a restore as fallbacks"));
    mirrorId = before.mirrorId();
    // The record froze when the pairing broke: a backup from before then holds the working pairing.
    Instant brokenSince = before.condition() == MirrorCondition.REMOVED && first.record() != null
        ? first.record().lastSeen() : null;
    if (broken(before)) {
      reauthorize(mirror);
    } else {
      String why = before.condition() == MirrorCondition.UNREACHABLE ? "the mirror does not answer"
          : "the mirror is INSTALLED; its pairing is intact";
      recorder.skip("remove stale record on the primary", null, why);
      recorder.skip("request authorization from the mirror", null, why);
      recorder.skip("accept the mirror's request", null, why);
    }
    SyncWaitCall waitCall = new SyncWaitCall(mirror.name(), mirror.recovery().installTimeout(),
        mirror.recovery().syncTimeout(), mirror.recovery().pollInterval());
    MirrorDiagnosis after = settle("wait for INSTALLED and synchronization", waitCall, mirror);
    MirrorFallbacks fallbacks = new MirrorFallbacks(recorder, catalog, actions);
    if (!after.healthy() && fallbacks.restart(mirror)) {
      after = settle("wait again after the restart", waitCall, mirror);
    }
    if (!after.healthy() && fallbacks.restore(mirror, input, brokenSince)) {
      after = settle("wait again after the restore", waitCall, mirror);
    }
    if (!after.healthy()) {
      throw ApplicationFailure.newNonRetryableFailure("mirror " + mirror.name() + " is still not healthy ("
          + after.condition().id() + "): " + after.evidence() + (actions.isEmpty() ? "" : "; done: "
          + String.join(", ", actions)), FailureTypes.MIRROR_STATE);
    }
    String summary = "mirror " + mirror.name() + " recovered: " + after.evidence();
    notifier.tell(mirror.primary(), "SUCCEEDED", summary);
    recorder.finish(RunStatus.SUCCEEDED, summary);
    return new MirrorRecoveryResult(mirror.name(), before, after, List.copyOf(actions), recorder.steps());
  }

  private static boolean broken(MirrorDiagnosis d) {
    return d.condition() == MirrorCondition.REMOVED || d.condition() == MirrorCondition.PENDING;
  }

  /**
   * Steps 5 to 7, once per recovery: each looks again before it changes anything, so a retry or a re-run
   * skips what is done.
   */
  private void reauthorize(ResolvedMirror mirror) {
    reauthorized = true;
    String knownId = mirrorId;
    StaleRecordRemoval removal = recorder.step("remove stale record on the primary", null,
        () -> rest.removeStaleRecord(new MirrorCall(mirror.name(), knownId)), StaleRecordRemoval::detail);
    if (removal.removed()) {
      actions.add("removed stale record " + removal.mirrorId() + " on " + mirror.primary());
    }
    if (removal.mirrorId() != null) {
      mirrorId = removal.mirrorId();
    }
    String id = mirrorId;
    Reauthorization reauth = recorder.step("request authorization from the mirror", null,
        () -> MirrorSteps.reauthorize().requestAuthorization(new MirrorCall(mirror.name(), id)), Reauthorization::detail);
    if (reauth.sent()) {
      actions.add("mirror sent authorization request " + reauth.requestId());
    }
    Acceptance acceptance = recorder.step("accept the mirror's request", null,
        () -> rest.acceptRequest(new AcceptCall(mirror.name(), id, reauth.requestId())), Acceptance::detail);
    if (acceptance.accepted()) {
      actions.add("accepted request " + acceptance.requestId() + " on " + mirror.primary());
    }
  }

  /**
   * Waits for INSTALLED and synchronization, then looks at both sides again: the mirror alone can be
   * synchronized while the primary's record is still stale, so only the whole diagnosis counts. A mirror
   * that turns out REMOVED or PENDING (it did not answer at first, or a restore brought back an old
   * pairing) gets steps 5 to 7 once, then this wait again.
   */
  private MirrorDiagnosis settle(String step, SyncWaitCall call, ResolvedMirror mirror) {
    recorder.step(step, null, () -> MirrorSteps.await(call).awaitSynchronized(call), SyncWait::detail);
    String id = mirrorId;
    MirrorInspection look = recorder.step("confirm health", null, () -> rest.inspect(new MirrorCall(mirror.name(), id)),
        i -> MirrorDiagnosis.of(mirror, i).summary());
    if (look.primaryError() != null) {
      throw ApplicationFailure.newNonRetryableFailure("the primary " + mirror.primary() + " stopped answering ("
          + look.primaryError() + ")" + (actions.isEmpty() ? "" : "; done: " + String.join(", ", actions)),
          FailureTypes.MIRROR_STATE);
    }
    MirrorDiagnosis d = MirrorDiagnosis.of(mirror, look);
    if (!reauthorized && broken(d)) {
      reauthorize(mirror);
      return settle("wait for INSTALLED and synchronization", call, mirror);
    }
    return d;
  }



  @Override
  public MirrorDiagnosis diagnosis() {
    return before;
  }
}
