package dev.runbook.worker.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/** A key store in memory from PEM files, for the endpoint's TLS: a certificate chain and its PKCS#8 key. */
final class PemKeyStore {
  /**
   * The key store's and key's password, made anew by each process: the store never leaves memory, and
   * Jetty asks for one.
   */
  static final String PASSWORD = java.util.UUID.randomUUID().toString();

  private PemKeyStore() {}

  /** The store; throws {@link IllegalArgumentException} naming the file that does not hold what it should. */
  static KeyStore of(Path cert, Path key) {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(cert)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      chain = java.util.List.of();
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(cert + ": not a PEM certificate");
    }
    PrivateKey privateKey = privateKey(key);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("webhook", privateKey, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(key + " does not go with " + cert + ": " + e.getMessage());
    }
  }

  private static PrivateKey privateKey(Path key) {
    String pem;
    try {
      pem = Files.readString(key, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot be read");
    }
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(key + ": not a PKCS#8 PEM private key (convert one with "
          + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm: PKCS#8 names it inside, but KeyFactory wants it up front.
      }
    }
    throw new IllegalArgumentException(key + ": an RSA, EC or Ed25519 PKCS#8 key was expected");
  }
}
