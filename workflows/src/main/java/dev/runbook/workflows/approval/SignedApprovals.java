package dev.runbook.workflows.approval;

import dev.runbook.workflows.approval.SshSignature.SignatureException;
import dev.runbook.workflows.run.Decision;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The checks of {@code approval: signed}, shared by the workflow's update validators and the agents' destructive
 * steps. Pure: the time is passed in, so workflow code stays deterministic. Every refusal is a
 * {@link SignatureException} whose message says why.
 */
public final class SignedApprovals {
  /** The SSHSIG namespace of every runbook signature: {@code ssh-keygen -Y sign -n runbook}. */
  public static final String NAMESPACE = "runbook";
  /** How far a signature's time may be from the workflow's time when it arrives: older is stale. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private SignedApprovals() {}

  /** The approver whose key signed {@code text}; refused when unsigned, forged or signed by a key that is nobody's. */
  public static Approver signer(List<Approver> approvers, String text, String armored, String what) {
    if (armored == null || armored.isBlank()) {
      throw new SignatureException(what + " is not signed, and this configuration has approval: signed: the CLI signs "
          + "with your SSH key (--key FILE, default ~/.ssh/id_ed25519 or the ssh-agent)");
    }
    SshSignature sig = SshSignature.parse(armored);
    sig.verify(text.getBytes(StandardCharsets.UTF_8), NAMESPACE);
    return approvers.stream().filter(a -> Arrays.equals(SshSignature.parsePublicKey(a.key()), sig.publicKey()))
        .findFirst().orElseThrow(() -> new SignatureException(what + " is signed by key " + sig.fingerprint()
            + ", which is no approver's key in the configuration (approvers:)"));
  }

  /**
   * Checks a run's signed request against the run: what it asks for, its workflow id, and its time against
   * {@code now} (the run's start).
   *
   * @param point the restore point the input asks for; null for a mirror recovery
   * @return who asked
   */
  public static Approver verifyRequest(List<Approver> approvers, SignedRequest r, String kind, String subject,
                                       String point, boolean replace, String workflowId, String requestedBy, long now) {
    if (r == null) {
      throw new SignatureException("this run carries no signed request, and this configuration has approval: signed: "
          + "start it with the CLI (runbook restore or runbook mirror recover), which signs it with your SSH key");
    }
    Approver who = signer(approvers, r.text(), r.signature(), "the request");
    same("the request's runbook", r.kind(), kind);
    same("the request's instance or mirror", r.subject(), subject);
    same("the request's restore point", r.point(), point);
    same("the request's workflow id", r.workflowId(), workflowId);
    same("the request's requester", r.requestedBy(), requestedBy);
    if (r.replaceDatabase() != replace) {
      throw new SignatureException("the signed request says replace-database " + r.replaceDatabase() + ", this run "
          + replace);
    }
    named(who, r.requestedBy(), "the request");
    fresh("the request", r.at(), now);
    return who;
  }

  /**
   * Checks a signed decision on run {@code runId}: its signature, run, restore point, name and time.
   *
   * @param update {@code approve} or {@code reject}
   * @param point the restore point the run restores; null for a mirror recovery
   * @return who decided
   */
  public static Approver verifyDecision(List<Approver> approvers, Decision d, String update, String runId, String point,
                                        long now) {
    Approver who = signer(approvers, d.text(update), d.signature(), "the " + update);
    if (!runId.equals(d.runId())) {
      throw new SignatureException("the " + update + " is signed for run " + d.runId() + ", not this run " + runId
          + ": a signature from another run is refused");
    }
    if (point != null && !point.equals(d.point())) {
      throw new SignatureException("the " + update + " is signed for restore point " + d.point() + ", but this run "
          + "restores " + point);
    }
    named(who, d.by(), "the " + update);
    if (d.at() == null) {
      throw new SignatureException("the " + update + " carries no time");
    }
    fresh("the " + update, d.at(), now);
    return who;
  }

  /**
   * The agent's check before a destructive step: the signed request asked for exactly this, and, when approval is
   * required, another approver's key approved this run and this restore point. No time check: the approval is
   * bound to one run id, which Temporal never reuses, and the step may run long after it.
   *
   * @param replace whether the step replaces an existing database; null when the step does not say
   * @return who asked and who approved, for the agent's log
   */
  public static String verifyProof(List<Approver> approvers, ApprovalProof proof, boolean approvalRequired, String kind,
                                   String subject, String point, Boolean replace, String workflowId, String runId) {
    if (proof == null || proof.request() == null) {
      throw new SignatureException("this step carries no signed request, and this agent's configuration has "
          + "approval: signed");
    }
    SignedRequest r = proof.request();
    Approver requester = signer(approvers, r.text(), r.signature(), "the request");
    same("the request's runbook", r.kind(), kind);
    same("the request's instance", r.subject(), subject);
    same("the request's workflow id", r.workflowId(), workflowId);
    if (!"latest".equals(r.point())) {
      same("the request's restore point", r.point(), point);
    }
    if (replace != null && replace && !r.replaceDatabase()) {
      throw new SignatureException("the step replaces the existing database, but the signed request did not ask for it");
    }
    String done = "requested by " + requester.identity();
    if (!approvalRequired && proof.approval() == null) {
      return done + "; approval waived by configuration";
    }
    if (proof.approval() == null) {
      throw new SignatureException("this step carries no signed approval, and this agent's configuration requires one");
    }
    Decision d = proof.approval();
    Approver approver = signer(approvers, d.text("approve"), d.signature(), "the approval");
    if (!runId.equals(d.runId())) {
      throw new SignatureException("the approval is signed for run " + d.runId() + ", not this run " + runId);
    }
    same("the approval's restore point", d.point(), point);
    if (approver.fingerprint().equals(requester.fingerprint())) {
      throw new SignatureException("the request and the approval are signed by the same key (" + requester.identity()
          + "): a second person must approve");
    }
    return done + ", approved by " + approver.identity();
  }

  private static void same(String what, String signed, String actual) {
    if (signed == null ? actual != null : !signed.equals(actual)) {
      throw new SignatureException(what + " is " + signed + " where this run has " + actual
          + ": a signature covers only what it names");
    }
  }

  private static void named(Approver who, String name, String what) {
    if (name == null || !name.trim().equalsIgnoreCase(who.name())) {
      throw new SignatureException(what + " names " + name + " but is signed by " + who.identity()
          + "'s key: a name counts only with its own key");
    }
  }

  private static void fresh(String what, long at, long now) {
    if (Math.abs(now - at) > WINDOW.toMillis()) {
      throw new SignatureException(what + " was signed at " + Instant.ofEpochMilli(at) + ", more than "
          + WINDOW.toMinutes() + " min from the run's time " + Instant.ofEpochMilli(now) + ": it is stale (or a clock "
          + "is wrong); sign it again");
    }
  }
}
