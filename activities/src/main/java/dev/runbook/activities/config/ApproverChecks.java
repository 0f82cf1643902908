package dev.runbook.activities.config;

import dev.runbook.workflows.approval.ApprovalPolicy;
import dev.runbook.workflows.approval.Approver;
import dev.runbook.workflows.approval.SshSignature;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of {@code approval:} and {@code approvers:}: the mode is known, every approver has a unique name and a
 * unique SSH public key that parses, and signed approvals have at least two people to ask and approve.
 */
final class ApproverChecks {
  private final ConfigValidator v;

  ApproverChecks(ConfigValidator v) {
    this.v = v;
  }

  void check(String mode, List<Approver> approvers) {
    if (mode != null && !mode.equals(ApprovalPolicy.SIGNED) && !mode.equals(ApprovalPolicy.NAMED)) {
      v.add("approval", "must be signed (requests and decisions signed with the approvers' SSH keys) or named "
          + "(names as given, for a single operator)");
    }
    Map<String, String> names = new HashMap<>();
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < approvers.size(); i++) {
      String at = "approvers[" + i + "]";
      Approver a = approvers.get(i);
      if (a == null) {
        v.add(at, "write each approver as {name: NAME, key: \"ssh-ed25519 AAAA... comment\"}");
        continue;
      }
      if (v.require(at + ".name", a.name())) {
        String previous = names.putIfAbsent(a.name().trim().toLowerCase(Locale.ROOT), at);
        if (previous != null) {
          v.add(at + ".name", "the name " + a.name() + " is also " + previous + "'s: each approver needs a name of their own");
        }
      }
      if (v.require(at + ".key", a.key())) {
        try {
          String fingerprint = SshSignature.fingerprint(SshSignature.parsePublicKey(a.key()));
          String previous = keys.putIfAbsent(fingerprint, at);
          if (previous != null) {
            v.add(at + ".key", "the key " + fingerprint + " is also " + previous + "'s: each person signs with a key of "
                + "their own, or one person could ask and approve");
          }
        } catch (SshSignature.SignatureException e) {
          v.add(at + ".key", e.getMessage() + " (copy the line of the person's ~/.ssh/id_ed25519.pub)");
        }
      }
    }
    if (ApprovalPolicy.SIGNED.equals(mode) && approvers.size() < 2) {
      v.add(approvers.isEmpty() ? "approval" : "approvers", "approval: signed needs at least two approvers, one to "
          + "ask and another to approve; list them under approvers: with their SSH public keys");
    }
  }
}
