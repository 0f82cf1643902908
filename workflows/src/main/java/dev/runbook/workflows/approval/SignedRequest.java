package dev.runbook.workflows.approval;

import java.time.Instant;

/**
 * A person's signed request for a run that needs approval (a restore, a mirror recovery), made by the CLI before it
 * starts the run. The signature covers {@link #text()}, built from the other fields; the private key never leaves
 * the person's machine (or ssh-agent).
 *
 * @param kind the runbook, {@code restore} or {@code mirror-recovery}
 * @param subject the instance or mirror
 * @param point the restore point as asked ({@code latest} or an id); null for a mirror recovery
 * @param replaceDatabase a restore over an existing database was asked for
 * @param workflowId the run's workflow id, chosen by the CLI before the start
 * @param requestedBy the name the person gave; the key decides who they are
 * @param nonce a random value, unique per request
 * @param at when it was signed, epoch milliseconds
 * @param signature the armored SSH signature ({@code -----BEGIN SSH SIGNATURE-----}) over {@link #text()}
 */
public record SignedRequest(String kind, String subject, String point, boolean replaceDatabase, String workflowId,
                            String requestedBy, String nonce, long at, String signature) {
  /** What the signature covers: one field a line, newlines in values escaped. */
  public String text() {
    return "runbook request v1\n"
        + SignedText.line("kind", kind)
        + SignedText.line("subject", subject)
        + SignedText.line("point", point)
        + SignedText.line("replace-database", String.valueOf(replaceDatabase))
        + SignedText.line("workflow", workflowId)
        + SignedText.line("requested-by", requestedBy)
        + SignedText.line("nonce", nonce)
        + SignedText.line("time", Instant.ofEpochMilli(at).toString());
  }

  /** This request with its signature. */
  public SignedRequest signedWith(String armored) {
    return new SignedRequest(kind, subject, point, replaceDatabase, workflowId, requestedBy, nonce, at, armored);
  }
}
