package dev.runbook.cli.internal;

import dev.runbook.activities.approval.SshSigner;
import dev.runbook.activities.config.RunbookConfig;
import dev.runbook.cli.ExitCode;
import dev.runbook.workflows.approval.Approver;
import dev.runbook.workflows.approval.SignedRequest;
import dev.runbook.workflows.approval.SshSignature;
import dev.runbook.workflows.run.Decision;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Option;

/**
 * {@code --key}: the SSH key a request or decision is signed with when the configuration has
 * {@code approval: signed}. The private key stays with ssh-keygen or ssh-agent; only signatures travel.
 */
public final class SignOptions {
  @Option(names = "--key", paramLabel = "FILE", description = "Your SSH key, for approval: signed: a private key, or "
      + "its .pub while ssh-agent holds the private half. Default: ~/.ssh/id_ed25519 (through ssh-agent when it "
      + "holds it). Its public key must be yours under approvers: in the configuration.")
  Path key;

  /**
   * A signer for this command: when the configuration has {@code approval: signed}, or when there is no
   * configuration here and {@code --key} was given (an approver's workstation); else null.
   */
  public Signing signing(Optional<RunbookConfig> config) {
    boolean signed = config.map(c -> c.approvalPolicy().signed()).orElse(key != null);
    return signed ? new Signing(SshSigner.of(key), config) : null;
  }

  /** Signs requests and decisions with one person's key. */
  public static final class Signing {
    private final SshSigner signer;
    private final Optional<RunbookConfig> config;

    Signing(SshSigner signer, Optional<RunbookConfig> config) {
      this.signer = signer;
      this.config = config;
    }

    /** The approver whose key this is, by the configuration; exit 2 when the key is nobody's there. */
    public String approverName() {
      try {
        byte[] mine = SshSignature.parsePublicKey(signer.publicKey());
        return config.flatMap(c -> c.approvers().stream()
                .filter(a -> Arrays.equals(SshSignature.parsePublicKey(a.key()), mine)).map(Approver::name).findFirst())
            .orElseThrow(() -> new CliException(ExitCode.INVALID_INPUT, "the key " + signer.key() + " ("
                + SshSignature.fingerprint(mine) + ") is no approver's under approvers: in the configuration; give "
                + "yours with --key FILE, or ask for your public key to be added"));
      } catch (SshSigner.SigningException | SshSignature.SignatureException e) {
        throw new CliException(ExitCode.INVALID_INPUT, "cannot sign: " + e.getMessage());
      }
    }

    /** A signed request for the run {@code workflowId}. */
    public SignedRequest request(String kind, String subject, String point, boolean replace, String workflowId,
                                 String requestedBy) {
      SignedRequest r = new SignedRequest(kind, subject, point, replace, workflowId, requestedBy,
          UUID.randomUUID().toString(), System.currentTimeMillis(), null);
      return r.signedWith(sign(r.text()));
    }

    /** {@code decision} signed for the update {@code update} on run {@code runId} and restore point {@code point}. */
    public Decision decision(Decision decision, String update, String runId, String point) {
      Decision d = new Decision(decision.by(), decision.reason(), runId, point, UUID.randomUUID().toString(),
          System.currentTimeMillis(), null);
      return d.signedWith(sign(d.text(update)));
    }

    private String sign(String text) {
      try {
        return signer.sign(text);
      } catch (SshSigner.SigningException e) {
        throw new CliException(ExitCode.INVALID_INPUT, "cannot sign: " + e.getMessage());
      }
    }
  }
}
