package dev.runbook.workflows.restore;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.catalog.ApprovalRecord;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.config.ResolvedInstance;
import dev.runbook.workflows.internal.RunRecorder;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * The restore's second-person approval: the state behind the {@code approve} and {@code reject}
 * updates and the wait for one of them. Runs in workflow code.
 */
final class ApprovalGate {
  private String requester;
  private boolean awaiting;
  private Decision approved;
  private Decision rejected;

  void requestedBy(String requester) {
    this.requester = requester;
  }

  String requester() {
    return requester;
  }

  boolean awaiting() {
    return awaiting;
  }

  /** Refuses a run that needs a second person but names nobody as its requester: anyone could approve it. */
  void requireRequester(ResolvedInstance instance) {
    if (instance.restore().requireApproval() && (requester == null || RestoreInput.UNKNOWN.equals(requester))) {
      throw ApplicationFailure.newNonRetryableFailure("a restore of " + instance.name() + " needs approval by a second "
          + "person, so its input must name who asks for it (requestedBy); the CLI sets it", FailureTypes.INVALID_INPUT);
    }
  }

  /** Waits for approval (or records that it is waived); ends the run with nothing changed when refused or late. */
  String await(ResolvedInstance instance, RunRecorder recorder, CatalogActivities catalog) {
    String runId = Workflow.getInfo().getRunId();
    if (!instance.restore().requireApproval()) {
      recorder.skip("approval", null, "waived by configuration (requireApproval: false)");
      catalog.approval(new ApprovalRecord(runId, "WAIVED", null, "requireApproval: false", now()));
      return "waived by configuration";
    }
    return recorder.step("wait for approval", null, () -> {
      awaiting = true;
      boolean decided = Workflow.await(instance.restore().approvalTimeout(), () -> approved != null || rejected != null);
      awaiting = false;
      if (!decided) {
        catalog.approval(new ApprovalRecord(runId, "TIMED_OUT", null, null, now()));
        throw ApplicationFailure.newNonRetryableFailure("no approval within " + instance.restore().approvalTimeout().toMinutes()
            + " min; nothing was changed", FailureTypes.NOT_APPROVED);
      }
      if (rejected != null) {
        catalog.approval(new ApprovalRecord(runId, "REJECTED", rejected.by(), rejected.reason(), now()));
        throw ApplicationFailure.newNonRetryableFailure("rejected by " + rejected.by() + ": " + rejected.reason()
            + "; nothing was changed", FailureTypes.NOT_APPROVED);
      }
      catalog.approval(new ApprovalRecord(runId, "APPROVED", approved.by(), approved.reason(), now()));
      return "approved by " + approved.by() + ": " + approved.reason();
    }, a -> a);
  }

  String approve(Decision decision) {
    approved = decision;
    return "approved by " + decision.by();
  }

  void validateApprove(Decision decision) {
    validate(decision);
    if (requester == null) {
      throw new IllegalStateException("this run names no requester, so nobody can be its second person");
    }
    if (decision.by().trim().equalsIgnoreCase(requester.trim())) {
      throw new IllegalArgumentException(decision.by() + " asked for this restore and cannot also approve it: a second "
          + "person must");
    }
  }

  String reject(Decision decision) {
    rejected = decision;
    return "rejected by " + decision.by();
  }

  void validate(Decision decision) {
    if (decision == null || decision.by() == null || decision.by().isBlank()) {
      throw new IllegalArgumentException("say who decides (--as NAME)");
    }
    if (decision.reason() == null || decision.reason().isBlank()) {
      throw new IllegalArgumentException("give a reason (--reason TEXT): it is recorded with the run");
    }
    // Both updates can arrive in one workflow task, before the wait sees either: the first one wins.
    if (approved != null || rejected != null) {
      Decision d = approved != null ? approved : rejected;
      throw new IllegalStateException("this run was already " + (approved != null ? "approved" : "rejected") + " by "
          + d.by());
    }
    if (!awaiting) {
      throw new IllegalStateException("this run is not waiting for approval");
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
