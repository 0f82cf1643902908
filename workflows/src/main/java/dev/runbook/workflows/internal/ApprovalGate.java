package dev.runbook.workflows.internal;

import dev.runbook.workflows.FailureTypes;
import dev.runbook.workflows.approval.ApprovalPolicy;
import dev.runbook.workflows.approval.ApprovalProof;
import dev.runbook.workflows.approval.Approver;
import dev.runbook.workflows.approval.SignedApprovals;
import dev.runbook.workflows.approval.SignedRequest;
import dev.runbook.workflows.approval.SshSignature.SignatureException;
import dev.runbook.workflows.catalog.ApprovalRecord;
import dev.runbook.workflows.catalog.CatalogActivities;
import dev.runbook.workflows.notify.ApprovalNotice;
import dev.runbook.workflows.notify.ApprovalNotice.Event;
import dev.runbook.workflows.run.Decision;
import dev.runbook.workflows.run.RunState;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * A runbook's second-person approval (restore, mirror recovery): the state behind the {@code approve}
 * and {@code reject} updates and the wait for one of them. Runs in workflow code.
 */
public final class ApprovalGate {
  /** The requester of a run whose input names none: nobody can be its second person. */
  public static final String UNKNOWN = "unknown";
  /**
   * The change that added the approval notifications: runs recorded before it sent none, and replay them
   * without, so their histories still match.
   */
  static final String NOTIFICATIONS_CHANGE = "approval-notifications";
  /** The change that added {@code approval: signed}: runs recorded before it carry no policy and replay as named. */
  static final String SIGNED_CHANGE = "signed-approvals";

  private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private final String kind;
  private final String noun;
  private final Notifier notifier;
  private String requester;
  private boolean awaiting;
  private Decision approved;
  private Decision rejected;
  /** Null or named: names as given. Signed: fixed from the configuration when the run started. */
  private ApprovalPolicy policy;
  private SignedRequest request;
  private Approver requestSigner;
  /** The restore point a signed approval must name; null for a mirror recovery. */
  private String point;
  private Decision signedApproval;
  private final Set<String> nonces = new HashSet<>();

  /**
   * A gate for runs of {@code kind} called {@code noun} in messages, for example {@code restore} or
   * {@code recovery}.
   */
  public ApprovalGate(String kind, String noun) {
    this.kind = kind;
    this.noun = noun;
    this.notifier = new Notifier(kind);
  }

  /** Records who asked for the run; that person cannot approve it. */
  public void requestedBy(String requester) {
    this.requester = requester;
  }

  /** Who asked for the run. */
  public String requester() {
    return requester;
  }

  /**
   * Fixes how this run's decisions are trusted, from the configuration resolved at its start; with
   * {@code approval: signed} also checks its signed request against the run (runbook, subject, restore point as
   * asked, workflow id, requester, time) and ends the run, nothing changed, when it does not hold.
   *
   * @param subject the instance or mirror
   * @param askedPoint the restore point as the input asks for it; null for a mirror recovery
   */
  public void trust(ApprovalPolicy policy, SignedRequest request, String subject, String askedPoint, boolean replace) {
    if (!ApprovalPolicy.signed(policy)) {
      return;
    }
    Workflow.getVersion(SIGNED_CHANGE, Workflow.DEFAULT_VERSION, 1);
    this.policy = policy;
    this.request = request;
    try {
      requestSigner = SignedApprovals.verifyRequest(policy.approvers(), request, kind, subject, askedPoint, replace,
          Workflow.getInfo().getWorkflowId(), requester, Workflow.getInfo().getRunStartedTimestampMillis());
    } catch (SignatureException e) {
      throw ApplicationFailure.newNonRetryableFailure("signed request refused: " + e.getMessage() + "; nothing was changed",
          FailureTypes.INVALID_INPUT);
    }
    nonces.add(request.nonce());
  }

  /** The restore point a signed approval must name, once the plan chose it. */
  public void approvesPoint(String point) {
    this.point = point;
  }

  /** What destructive host steps carry for the agent's own check; null unless approvals are signed. */
  public ApprovalProof proof() {
    return ApprovalPolicy.signed(policy) ? new ApprovalProof(request, signedApproval) : null;
  }

  /** True while the run waits for a decision. */
  public boolean awaiting() {
    return awaiting;
  }

  /**
   * Refuses a run that needs a second person but names nobody as its requester: anyone could approve it.
   *
   * @param what the run in words, for example {@code a restore of prod}
   */
  public void requireRequester(String what, boolean required) {
    if (required && (requester == null || UNKNOWN.equals(requester))) {
      throw ApplicationFailure.newNonRetryableFailure(what + " needs approval by a second "
          + "person, so its input must name who asks for it (requestedBy); the CLI sets it", FailureTypes.INVALID_INPUT);
    }
  }

  /**
   * Waits for approval (or records that it is waived); ends the run with nothing changed when refused or
   * late.
   *
   * @param step the step's name, for example {@code wait for approval}
   * @param required false records the approval as waived by configuration
   * @param timeout how long to wait
   * @param request who is told that the run waits and how the wait ends, and what the run will do
   * @return the decision in words
   */
  public String await(String step, boolean required, Duration timeout, RunRecorder recorder, CatalogActivities catalog,
                      ApprovalRequest request) {
    String runId = Workflow.getInfo().getRunId();
    if (!required) {
      recorder.skip(step, null, "waived by configuration (requireApproval: false)");
      catalog.approval(new ApprovalRecord(runId, "WAIVED", null, "requireApproval: false", now()));
      return "waived by configuration";
    }
    return recorder.step(step, null, () -> {
      awaiting = true;
      recorder.await(RunState.AWAITING_APPROVAL, waitingFor(timeout));
      boolean announce = Workflow.getVersion(NOTIFICATIONS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
      ApprovalNotice notice = new ApprovalNotice(request.notifyInstance(), kind, request.subject(), runId,
          Workflow.getInfo().getWorkflowId(), Event.WAITING, request.plan(), requester, now().plus(timeout), null, null);
      if (announce) {
        notifier.approvalStarted(notice);
      }
      boolean decided = Workflow.await(timeout, () -> approved != null || rejected != null);
      awaiting = false;
      recorder.resume();
      if (announce) {
        notifier.approval(!decided ? notice.then(Event.TIMED_OUT, null, null)
            : rejected != null ? notice.then(Event.REJECTED, rejected.by(), rejected.reason())
            : notice.then(Event.APPROVED, approved.by(), approved.reason()));
      }
      if (!decided) {
        catalog.approval(new ApprovalRecord(runId, "TIMED_OUT", null, null, now()));
        throw ApplicationFailure.newNonRetryableFailure("no approval within " + timeout.toMinutes()
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

  /** Applies an approval that passed {@link #validateApprove}; a signed one is recorded by its key's name and fingerprint. */
  public String approve(Decision decision) {
    if (ApprovalPolicy.signed(policy)) {
      signedApproval = decision;
      nonces.add(decision.nonce());
      decision = new Decision(signerOf(decision, "approve").identity(), decision.reason());
    }
    approved = decision;
    return "approved by " + decision.by();
  }

  /** Refuses an approval by the requester, without a name or reason, or when no decision is awaited. */
  public void validateApprove(Decision decision) {
    check(decision);
    if (ApprovalPolicy.signed(policy)) {
      Approver who = decider(decision, "approve");
      if (who.fingerprint().equals(requestSigner.fingerprint())) {
        throw new IllegalArgumentException(who.identity() + " asked for this " + noun + " and cannot also approve it: "
            + "the approval must be signed by a second person's key");
      }
      return;
    }
    if (requester == null) {
      throw new IllegalStateException("this run names no requester, so nobody can be its second person");
    }
    if (decision.by().trim().equalsIgnoreCase(requester.trim())) {
      throw new IllegalArgumentException(decision.by() + " asked for this " + noun + " and cannot also approve it: a second "
          + "person must");
    }
  }

  /** Applies a rejection that passed {@link #validate}. */
  public String reject(Decision decision) {
    if (ApprovalPolicy.signed(policy)) {
      nonces.add(decision.nonce());
      decision = new Decision(signerOf(decision, "reject").identity(), decision.reason());
    }
    rejected = decision;
    return "rejected by " + decision.by();
  }

  /**
   * Refuses a rejection without a name or reason, a second decision, or one nobody waits for; when signed, also one
   * not signed by an approver for this run, recently, with a fresh nonce.
   */
  public void validate(Decision decision) {
    check(decision);
    if (ApprovalPolicy.signed(policy)) {
      decider(decision, "reject");
    }
  }

  /** Verifies a signed decision now, as the update arrives: signature, run, point, name, time and nonce. */
  private Approver decider(Decision decision, String update) {
    Approver who = SignedApprovals.verifyDecision(policy.approvers(), decision, update, Workflow.getInfo().getRunId(),
        point, Workflow.currentTimeMillis());
    if (decision.nonce() == null || nonces.contains(decision.nonce())) {
      throw new SignatureException("the " + update + "'s nonce was already used in this run: a replayed signature is refused");
    }
    return who;
  }

  /** Who signed a decision that passed its validator (the handler runs on replay too, so no time check here). */
  private Approver signerOf(Decision decision, String update) {
    return SignedApprovals.signer(policy.approvers(), decision.text(update), decision.signature(), "the " + update);
  }

  private void check(Decision decision) {
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

  /** What the run waits for, in the UI's current details: who may decide, until when, and how. */
  private String waitingFor(Duration timeout) {
    String until = DEADLINE.format(now().plus(timeout));
    return "waiting for approval by a second person (not " + requester + ") until " + until + ": runbook approve "
        + Workflow.getInfo().getWorkflowId() + " --as NAME --reason TEXT (or the approve update); runbook reject refuses it";
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
