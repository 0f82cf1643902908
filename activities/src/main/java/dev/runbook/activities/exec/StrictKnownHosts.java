package dev.runbook.activities.exec;

import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * Host-key verification against one known_hosts file, with no way to accept an unknown key. Records
 * why a key was refused, with its SHA256 fingerprint as {@code ssh-keygen -l} prints it.
 */
final class StrictKnownHosts extends OpenSSHKnownHosts {
  private volatile String rejection;

  StrictKnownHosts(File file) throws IOException {
    super(file);
  }

  /** Why the last key was refused, or null. */
  String rejection() {
    return rejection;
  }

  @Override
  protected boolean hostKeyUnverifiableAction(String hostname, PublicKey key) {
    rejection = "the " + KeyType.fromKey(key) + " host key of " + hostname + " (" + fingerprint(key) + ") is not in "
        + getFile() + "; check the fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) and add it";
    return false;
  }

  @Override
  protected boolean hostKeyChangedAction(String hostname, PublicKey key) {
    rejection = "the host key of " + hostname + " CHANGED: it now presents " + KeyType.fromKey(key) + " "
        + fingerprint(key) + ", which does not match " + getFile()
        + "; refusing to connect (the host was reinstalled, or someone is intercepting)";
    return false;
  }

  static String fingerprint(PublicKey key) {
    try {
      byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
