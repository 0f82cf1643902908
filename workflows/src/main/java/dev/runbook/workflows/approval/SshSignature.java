package dev.runbook.workflows.approval;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * An OpenSSH signature ({@code ssh-keygen -Y sign}, the SSHSIG format of OpenSSH's PROTOCOL.sshsig), checked in
 * pure Java: no process, file or clock, so workflow code (update validators) can use it. Public keys are parsed
 * by BouncyCastle; signatures are verified by {@code java.security}: {@code ssh-ed25519}, {@code ssh-rsa}
 * (signed as {@code rsa-sha2-256} or {@code rsa-sha2-512}) and {@code ecdsa-sha2-nistp256/384/521}.
 *
 * @param publicKey the signer's public key blob, as the signature carries it
 * @param namespace what the signature is for, for example {@code runbook}
 * @param hashAlgorithm {@code sha256} or {@code sha512}, the hash of the message that was signed
 * @param signature the signature blob: its algorithm name and bytes
 */
public record SshSignature(byte[] publicKey, String namespace, String hashAlgorithm, byte[] signature) {
  private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);

  /** Parses an armored signature ({@code -----BEGIN SSH SIGNATURE-----}); a clear exception when it is none. */
  public static SshSignature parse(String armored) {
    if (armored == null || armored.isBlank()) {
      throw new SignatureException("there is no signature");
    }
    PemObject pem;
    try (PemReader reader = new PemReader(new StringReader(armored.trim()))) {
      pem = reader.readPemObject();
    } catch (IOException | RuntimeException e) {
      throw new SignatureException("the signature is not an armored SSH signature: " + e.getMessage());
    }
    if (pem == null || !"SSH SIGNATURE".equals(pem.getType())) {
      throw new SignatureException("the signature is not an armored SSH signature (-----BEGIN SSH SIGNATURE-----)");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(pem.getContent());
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC) || in.getInt() != 1) {
        throw new SignatureException("the signature is not an SSHSIG version 1 signature");
      }
      byte[] key = block(in);
      String namespace = string(in);
      block(in); // reserved
      String hash = string(in);
      byte[] sig = block(in);
      return new SshSignature(key, namespace, hash, sig);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new SignatureException("the signature is truncated or malformed");
    }
  }

  /**
   * Parses a public key as {@code authorized_keys} and {@code .pub} files write it ({@code ssh-ed25519 AAAA... comment})
   * and returns its blob; a clear exception when it is not one this class can verify.
   */
  public static byte[] parsePublicKey(String line) {
    String[] parts = line == null ? new String[0] : line.trim().split("\\s+");
    if (parts.length < 2) {
      throw new SignatureException("not an SSH public key: write it as the .pub file has it, for example "
          + "\"ssh-ed25519 AAAAC3Nz... alice@laptop\"");
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      throw new SignatureException("not an SSH public key: its second word is not base64");
    }
    javaKey(blob);
    String inner = string(ByteBuffer.wrap(blob));
    if (!inner.equals(parts[0])) {
      throw new SignatureException("the key says " + inner + " inside but " + parts[0] + " in front");
    }
    return blob;
  }

  /** The key's fingerprint as {@code ssh-keygen -l} prints it: {@code SHA256:} and unpadded base64. */
  public static String fingerprint(byte[] publicKey) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(publicKey);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This signature's signer's fingerprint. */
  public String fingerprint() {
    return fingerprint(publicKey);
  }

  /**
   * Checks that this signature signs {@code message} under {@code expectedNamespace}, by the key it carries.
   * Who that key belongs to is the caller's question.
   */
  public void verify(byte[] message, String expectedNamespace) {
    if (!expectedNamespace.equals(namespace)) {
      throw new SignatureException("the signature is for namespace '" + namespace + "', not '" + expectedNamespace + "'");
    }
    try {
      String digest = switch (hashAlgorithm) {
        case "sha256" -> "SHA-256";
        case "sha512" -> "SHA-512";
        default -> throw new SignatureException("unsupported hash algorithm " + hashAlgorithm);
      };
      byte[] hash = MessageDigest.getInstance(digest).digest(message);
      ByteBuffer signed = ByteBuffer.allocate(MAGIC.length + 16 + namespace.length() * 4 + hashAlgorithm.length() + hash.length);
      signed.put(MAGIC);
      putBlock(signed, namespace.getBytes(StandardCharsets.UTF_8));
      putBlock(signed, new byte[0]);
      putBlock(signed, hashAlgorithm.getBytes(StandardCharsets.US_ASCII));
      putBlock(signed, hash);
      ByteBuffer sig = ByteBuffer.wrap(signature);
      String algorithm = string(sig);
      byte[] bytes = block(sig);
      PublicKey key = javaKey(publicKey);
      Signature verifier = Signature.getInstance(javaAlgorithm(algorithm, key));
      verifier.initVerify(key);
      verifier.update(signed.array(), 0, signed.position());
      boolean ok = verifier.verify(algorithm.startsWith("ecdsa-") ? der(bytes) : bytes);
      if (!ok) {
        throw new SignatureException("the signature does not match what was signed");
      }
    } catch (GeneralSecurityException | BufferUnderflowException | IllegalArgumentException e) {
      throw new SignatureException("the signature does not verify: " + e.getMessage());
    }
  }

  private static String javaAlgorithm(String sshAlgorithm, PublicKey key) {
    return switch (sshAlgorithm) {
      case "ssh-ed25519" -> "Ed25519";
      case "rsa-sha2-256" -> "SHA256withRSA";
      case "rsa-sha2-512" -> "SHA512withRSA";
      case "ecdsa-sha2-nistp256" -> "SHA256withECDSA";
      case "ecdsa-sha2-nistp384" -> "SHA384withECDSA";
      case "ecdsa-sha2-nistp521" -> "SHA512withECDSA";
      // SSHSIG forbids SHA-1 (ssh-rsa) signatures.
      default -> throw new SignatureException("unsupported signature algorithm " + sshAlgorithm);
    };
  }

  /** The key as java.security sees it; BouncyCastle reads the SSH blob. */
  private static PublicKey javaKey(byte[] blob) {
    AsymmetricKeyParameter parameter;
    try {
      parameter = OpenSSHPublicKeyUtil.parsePublicKey(blob);
    } catch (RuntimeException e) {
      throw new SignatureException("not an SSH public key this version can check (ssh-ed25519, ssh-rsa, "
          + "ecdsa-sha2-nistp256/384/521): " + e.getMessage());
    }
    String family = parameter instanceof Ed25519PublicKeyParameters ? "Ed25519"
        : parameter instanceof RSAKeyParameters ? "RSA" : parameter instanceof ECPublicKeyParameters ? "EC" : null;
    if (family == null) {
      throw new SignatureException("unsupported key type " + parameter.getClass().getSimpleName()
          + ": use ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256/384/521");
    }
    try {
      byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameter).getEncoded();
      return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(spki));
    } catch (IOException | GeneralSecurityException e) {
      throw new SignatureException("the public key cannot be used: " + e.getMessage());
    }
  }

  /** An SSH ECDSA signature (two mpints) as the DER sequence java.security expects. */
  private static byte[] der(byte[] sshSignature) {
    ByteBuffer in = ByteBuffer.wrap(sshSignature);
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(new BigInteger(block(in))),
          new ASN1Integer(new BigInteger(block(in)))}).getEncoded();
    } catch (IOException e) {
      throw new SignatureException("malformed ECDSA signature");
    }
  }

  private static byte[] block(ByteBuffer in) {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new IllegalArgumentException("length " + n + " past the end");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private static String string(ByteBuffer in) {
    return new String(block(in), StandardCharsets.UTF_8);
  }

  private static void putBlock(ByteBuffer out, byte[] b) {
    out.putInt(b.length);
    out.put(b);
  }

  /** Why a signature or key was refused; the message says it for a person. */
  public static final class SignatureException extends IllegalArgumentException {
    public SignatureException(String message) {
      super(message);
    }
  }
}
