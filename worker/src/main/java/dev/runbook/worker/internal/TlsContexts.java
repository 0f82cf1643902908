package dev.runbook.worker.internal;

import dev.runbook.worker.TemporalSettings.SettingsException;
import dev.runbook.worker.TemporalTarget;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the client TLS context for a Temporal cluster from PEM files. A file that does not hold what
 * it should is invalid input, reported with its path before any connection is tried.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /** The context for {@code tls}; throws {@link SettingsException} naming the file at fault. */
  public static SslContext client(TemporalTarget.Tls tls) {
    SimpleSslContextBuilder builder = SimpleSslContextBuilder.noKeyOrCertChain();
    if (tls.clientCert() != null) {
      certificates(tls.clientCert(), "client certificate");
      try (InputStream cert = Files.newInputStream(tls.clientCert());
           InputStream key = Files.newInputStream(tls.clientKey())) {
        builder = SimpleSslContextBuilder.forPKCS8(cert, key);
        return trusting(builder, tls).build();
      } catch (IOException | RuntimeException e) {
        throw new SettingsException(tls.clientKey() + ": not a PKCS#8 PEM private key of " + tls.clientCert()
            + " (convert a key with `openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`)");
      }
    }
    try {
      return trusting(builder, tls).build();
    } catch (IOException e) {
      throw new SettingsException("TLS context could not be built: " + e.getMessage());
    }
  }

  private static SimpleSslContextBuilder trusting(SimpleSslContextBuilder b, TemporalTarget.Tls tls) {
    if (tls.serverCa() == null) {
      return b;
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : certificates(tls.serverCa(), "CA certificate")) {
        store.setCertificateEntry("ca-" + n++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return b.setTrustManager(x509);
        }
      }
      return b;
    } catch (GeneralSecurityException | IOException e) {
      throw new SettingsException(tls.serverCa() + ": its certificates cannot be trusted (" + e.getMessage() + ")");
    }
  }

  /** The PEM certificates in {@code file}; at least one, or {@link SettingsException}. */
  private static Collection<? extends Certificate> certificates(Path file, String what) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (!certs.isEmpty()) {
        return certs;
      }
    } catch (IOException | GeneralSecurityException e) {
      // Reported below: which parser rejected the file matters less than which file it was.
    }
    throw new SettingsException(file + ": not a PEM " + what + " (expected -----BEGIN CERTIFICATE-----)");
  }
}
