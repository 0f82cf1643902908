package dev.runbook.workflows.run;

import static dev.runbook.workflows.approval.SignedText.line;

import java.time.Instant;

/**
 * An approval or rejection of a run that waits for one (a restore, a mirror recovery), sent as a Temporal update.
 * With {@code approval: signed} the CLI also signs it: {@link #text} is what the signature covers.
 *
 * @param by who decides (required; for approval, not the person who asked for the restore)
 * @param reason why (required)
 * @param runId the run decided on (signed decisions)
 * @param point the restore point the approver saw in the plan; null for a mirror recovery (signed decisions)
 * @param nonce a random value, unique per decision (signed decisions)
 * @param at when it was signed, epoch milliseconds (signed decisions)
 * @param signature the armored SSH signature over {@link #text}; null for an unsigned decision
 */
public record Decision(String by, String reason, String runId, String point, String nonce, Long at, String signature) {
  /** An unsigned decision ({@code approval: named}). */
  public Decision(String by, String reason) {
    this(by, reason, null, null, null, null, null);
  }

  /** What the signature covers for the update {@code update} ({@code approve} or {@code reject}). */
  public String text(String update) {
    return "runbook decision v1\n"
        + line("decision", update)
        + line("run", runId)
        + line("point", point)
        + line("by", by)
        + line("reason", reason)
        + line("nonce", nonce)
        + line("time", at == null ? null : Instant.ofEpochMilli(at).toString());
  }

  /** This decision with its signature. */
  public Decision signedWith(String armored) {
    return new Decision(by, reason, runId, point, nonce, at, armored);
  }
}
