package dev.runbook.activities.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.workflows.approval.SshSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pure-Java SSHSIG check agrees with OpenSSH's own {@code ssh-keygen -Y verify}, both ways: what one accepts the
 * other accepts, what one refuses the other refuses, for every key type signed approvals take.
 */
class SshSignatureTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
  void javaAndSshKeygenAgreeOnGenuineAndTamperedSignatures(String type) throws Exception {
    Path key = TestKeys.generate(dir, "alice", type);
    String text = "runbook decision v1\ndecision: approve\nrun: 1234\n";
    String armored = SshSigner.of(key).sign(text);

    SshSignature sig = SshSignature.parse(armored);
    sig.verify(text.getBytes(StandardCharsets.UTF_8), "runbook");
    assertThat(sig.fingerprint()).isEqualTo(sshKeygenFingerprint(key));
    assertThat(sshKeygenVerify(key, armored, text)).as("ssh-keygen -Y verify accepts what Java accepted").isZero();

    String tampered = text.replace("1234", "1235");
    assertThatThrownBy(() -> sig.verify(tampered.getBytes(StandardCharsets.UTF_8), "runbook"))
        .hasMessageContaining("does not");
    assertThat(sshKeygenVerify(key, armored, tampered)).as("ssh-keygen -Y verify refuses what Java refused").isNotZero();
    assertThatThrownBy(() -> sig.verify(text.getBytes(StandardCharsets.UTF_8), "git"))
        .hasMessageContaining("namespace 'runbook', not 'git'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not a key", "ssh-ed25519 !!!notbase64", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIFpt8rS+1eBzTgj0e4pZS7+v1/6G0OBr0Q5nJ2O5Akc1"})
  void malformedKeysAreRefusedWithAReason(String line) {
    assertThatThrownBy(() -> SshSignature.parsePublicKey(line)).isInstanceOf(SshSignature.SignatureException.class)
        .hasMessageNotContaining("Exception");
  }

  private String sshKeygenFingerprint(Path key) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.split("\\s+")[1];
  }

  private int sshKeygenVerify(Path key, String armored, String text) throws IOException, InterruptedException {
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(allowed, "alice namespaces=\"runbook\" " + Files.readString(Path.of(key + ".pub")));
    Path sig = dir.resolve("sig");
    Files.writeString(sig, armored);
    Process p = new ProcessBuilder("ssh-keygen", "-Y", "verify", "-f", allowed.toString(), "-I", "alice", "-n", "runbook",
        "-s", sig.toString()).redirectErrorStream(true).start();
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }
}
