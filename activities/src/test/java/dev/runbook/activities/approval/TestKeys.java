package dev.runbook.activities.approval;

import dev.runbook.workflows.approval.Approver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real OpenSSH keys for tests, made by ssh-keygen in a temporary directory. */
public final class TestKeys {
  private TestKeys() {}

  /** A new unencrypted key of {@code type} ({@code ed25519}, {@code rsa}, {@code ecdsa}) at {@code dir/name}. */
  public static Path generate(Path dir, String name, String type) throws IOException, InterruptedException {
    Path key = dir.resolve(name);
    Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name + "@test", "-f", key.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("ssh-keygen -t " + type + " failed: " + out);
    }
    return key;
  }

  /** The approver {@code name} with the public half of {@code key}. */
  public static Approver approver(String name, Path key) throws IOException {
    return new Approver(name, Files.readString(Path.of(key + ".pub")).trim());
  }
}
