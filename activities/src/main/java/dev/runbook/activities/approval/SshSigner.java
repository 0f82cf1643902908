package dev.runbook.activities.approval;

import dev.runbook.workflows.approval.SignedApprovals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Signs a text with a person's SSH key through OpenSSH's {@code ssh-keygen -Y sign -n runbook}, so the signature is
 * SSHSIG, which {@code ssh-keygen -Y verify} and {@link dev.runbook.workflows.approval.SshSignature} both check. The
 * private key stays with ssh-keygen (or ssh-agent): this process never reads it.
 */
public final class SshSigner {
  private final Path key;
  private final boolean agentFirst;

  private SshSigner(Path key, boolean agentFirst) {
    this.key = key;
    this.agentFirst = agentFirst;
  }

  /**
   * A signer with {@code key}: a private key file, or a public key ({@code .pub}) whose private half ssh-agent
   * holds. Null means {@code ~/.ssh/id_ed25519}, through ssh-agent when one runs and holds it.
   */
  public static SshSigner of(Path key) {
    if (key != null) {
      return new SshSigner(key, false);
    }
    Path home = Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519");
    return new SshSigner(home, System.getenv("SSH_AUTH_SOCK") != null && Files.exists(Path.of(home + ".pub")));
  }

  /** The key file this signer uses. */
  public Path key() {
    return key;
  }

  /**
   * The public half of the key as its {@code .pub} file has it, so the caller can tell whose it is before signing:
   * the key itself when it is a {@code .pub}, else {@code KEY.pub}, else {@code ssh-keygen -y -f KEY}.
   */
  public String publicKey() {
    Path pub = key.toString().endsWith(".pub") ? key : Path.of(key + ".pub");
    try {
      if (Files.isReadable(pub)) {
        return Files.readString(pub).trim();
      }
      Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", key.toString()).start();
      CompletableFuture<String> err = read(p.getErrorStream());
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || out.isEmpty()) {
        throw new SigningException("cannot read the public half of " + key + ": " + err.join().trim());
      }
      return out;
    } catch (IOException e) {
      throw new SigningException("cannot read the SSH key " + key + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SigningException("interrupted while reading " + key);
    }
  }

  /** The armored signature of {@code text}; a {@link SigningException} says why when there is none. */
  public String sign(String text) {
    if (agentFirst) {
      try {
        return run(Path.of(key + ".pub"), text);
      } catch (SigningException e) {
        // The agent does not hold it: ssh-keygen reads the private key file instead.
      }
    }
    if (!Files.isReadable(key)) {
      throw new SigningException("cannot read the SSH key " + key + ": give your key with --key FILE (a private key, "
          + "or its .pub while ssh-agent holds it)");
    }
    return run(key, text);
  }

  private static String run(Path keyFile, String text) {
    List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-Y", "sign", "-n", SignedApprovals.NAMESPACE,
        "-f", keyFile.toString()));
    try {
      Process p = new ProcessBuilder(command).start();
      CompletableFuture<String> out = read(p.getInputStream());
      CompletableFuture<String> err = read(p.getErrorStream());
      p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new SigningException("ssh-keygen -Y sign with " + keyFile + " did not finish within 2 min");
      }
      if (p.exitValue() != 0 || !out.join().contains("BEGIN SSH SIGNATURE")) {
        throw new SigningException("ssh-keygen -Y sign with " + keyFile + " failed: " + err.join().trim());
      }
      return out.join();
    } catch (IOException e) {
      throw new SigningException("cannot run ssh-keygen (OpenSSH) to sign: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SigningException("interrupted while signing");
    }
  }

  private static CompletableFuture<String> read(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    });
  }

  /** Signing failed; the message says why and what to give instead. */
  public static final class SigningException extends RuntimeException {
    public SigningException(String message) {
      super(message);
    }
  }
}
