package dev.runbook.workflows;

import dev.runbook.workflows.approval.Approver;
import dev.runbook.workflows.approval.SignedApprovals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real OpenSSH keys and signatures for workflow tests: ssh-keygen makes the keys and signs, as the CLI does, so
 * the workflow checks what OpenSSH produced.
 */
public final class SshKeysForTests {
  private SshKeysForTests() {}

  /** A new unencrypted ed25519 key at {@code dir/name}. */
  public static Path key(Path dir, String name) throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    run(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString());
    return key;
  }

  /** The approver {@code name} with the public half of {@code key}. */
  public static Approver approver(String name, Path key) throws IOException {
    return new Approver(name, Files.readString(Path.of(key + ".pub")).trim());
  }

  /** {@code text} signed with {@code key} in the runbook namespace, armored. */
  public static String sign(Path key, String text) {
    try {
      return run(text, "ssh-keygen", "-q", "-Y", "sign", "-n", SignedApprovals.NAMESPACE, "-f", key.toString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(String stdin, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (stdin != null) {
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
    return out;
  }
}
