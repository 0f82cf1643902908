package dev.runbook.workflows.approval;

/**
 * A person who may request and approve runs when approvals are signed: a name and the SSH public key that proves it.
 *
 * @param name the person's name, unique in the configuration, for example {@code alice}
 * @param key the public key as its {@code .pub} file has it, for example {@code ssh-ed25519 AAAAC3Nz... alice@laptop}
 */
public record Approver(String name, String key) {
  /** The key's fingerprint, {@code SHA256:...}, as {@code ssh-keygen -l} prints it. */
  public String fingerprint() {
    return SshSignature.fingerprint(SshSignature.parsePublicKey(key));
  }

  /** How runs record this person: name and key fingerprint, for example {@code alice (SHA256:...)}. */
  public String identity() {
    return name + " (" + fingerprint() + ")";
  }
}
