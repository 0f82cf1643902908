package dev.runbook.activities.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.workflows.approval.ApprovalProof;
import dev.runbook.workflows.approval.Approver;
import dev.runbook.workflows.approval.SignedApprovals;
import dev.runbook.workflows.approval.SignedRequest;
import dev.runbook.workflows.run.Decision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the workflow's validators and the agents refuse under approval: signed, and the one thing they accept. */
class SignedApprovalsTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final String RUN = "run-1";
  private static final String POINT = "prod-20261130T010000Z";

  @TempDir
  static Path dir;
  static Path aliceKey;
  static Path bobKey;
  static Path malloryKey;
  static List<Approver> approvers;

  @BeforeAll
  static void keys() throws Exception {
    aliceKey = TestKeys.generate(dir, "alice", "ed25519");
    bobKey = TestKeys.generate(dir, "bob", "ecdsa");
    malloryKey = TestKeys.generate(dir, "mallory", "ed25519");
    approvers = List.of(TestKeys.approver("alice", aliceKey), TestKeys.approver("bob", bobKey));
  }

  @Test
  void theGenuineSecondPersonIsAcceptedAndNamedByKey() {
    Approver who = SignedApprovals.verifyDecision(approvers, approval("bob", bobKey, RUN, NOW), "approve", RUN, POINT, NOW);
    assertThat(who.name()).isEqualTo("bob");
    assertThat(who.identity()).startsWith("bob (SHA256:");
    String proof = SignedApprovals.verifyProof(approvers, new ApprovalProof(request("alice", aliceKey),
        approval("bob", bobKey, RUN, NOW)), true, "restore", "prod", POINT, true, "restore-prod-1", RUN);
    assertThat(proof).contains("requested by alice (SHA256:").contains("approved by bob (SHA256:");
  }

  @Test
  void aForgedNameWithoutItsKeyIsRefused() {
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, approval("bob", malloryKey, RUN, NOW), "approve",
        RUN, POINT, NOW)).hasMessageContaining("no approver's key");
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, approval("bob", aliceKey, RUN, NOW), "approve",
        RUN, POINT, NOW)).hasMessageContaining("names bob but is signed by alice");
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, new Decision("bob", "looks right"), "approve",
        RUN, POINT, NOW)).hasMessageContaining("is not signed");
    Decision tampered = approval("bob", bobKey, RUN, NOW);
    Decision otherReason = new Decision(tampered.by(), "another reason", tampered.runId(), tampered.point(),
        tampered.nonce(), tampered.at(), tampered.signature());
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, otherReason, "approve", RUN, POINT, NOW))
        .hasMessageContaining("does not");
  }

  @Test
  void anotherRunsSignatureAndAnExpiredOneAreRefused() {
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, approval("bob", bobKey, "run-0", NOW), "approve",
        RUN, POINT, NOW)).hasMessageContaining("signed for run run-0, not this run run-1");
    long old = NOW - Duration.ofHours(1).toMillis();
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, approval("bob", bobKey, RUN, old), "approve",
        RUN, POINT, NOW)).hasMessageContaining("stale");
    assertThatThrownBy(() -> SignedApprovals.verifyDecision(approvers, approval("bob", bobKey, RUN, NOW), "reject",
        RUN, POINT, NOW)).as("an approval is not a rejection").hasMessageContaining("does not");
  }

  @Test
  void theAgentRefusesOneKeyForBothAndWhatTheRequestDidNotAskFor() {
    assertThatThrownBy(() -> SignedApprovals.verifyProof(approvers, new ApprovalProof(request("alice", aliceKey),
        approval("alice", aliceKey, RUN, NOW)), true, "restore", "prod", POINT, null, "restore-prod-1", RUN))
        .hasMessageContaining("same key");
    assertThatThrownBy(() -> SignedApprovals.verifyProof(approvers, new ApprovalProof(request("alice", aliceKey), null),
        true, "restore", "prod", POINT, null, "restore-prod-1", RUN)).hasMessageContaining("no signed approval");
    assertThatThrownBy(() -> SignedApprovals.verifyProof(approvers, new ApprovalProof(request("alice", aliceKey),
        approval("bob", bobKey, RUN, NOW)), true, "restore", "staging", POINT, null, "restore-prod-1", RUN))
        .hasMessageContaining("instance is prod where this run has staging");
    assertThatThrownBy(() -> SignedApprovals.verifyProof(approvers, null, true, "restore", "prod", POINT, null,
        "restore-prod-1", RUN)).hasMessageContaining("no signed request");
  }

  private static SignedRequest request(String name, Path key) {
    SignedRequest r = new SignedRequest("restore", "prod", "latest", true, "restore-prod-1", name, "n-request", NOW, null);
    return r.signedWith(SshSigner.of(key).sign(r.text()));
  }

  private static Decision approval(String name, Path key, String run, long at) {
    Decision d = new Decision(name, "checked the plan", run, POINT, "n-" + name + at, at, null);
    return d.signedWith(SshSigner.of(key).sign(d.text("approve")));
  }
}
