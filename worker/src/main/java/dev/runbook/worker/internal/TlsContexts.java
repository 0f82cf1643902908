package dev.runbook.worker.internal;

import dev.runbook.worker.TemporalTarget;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** Builds the client TLS context for a Temporal cluster from PEM files. */
public final class TlsContexts {
  private TlsContexts() {}

  public static SslContext client(TemporalTarget.Tls tls) {
    try {
      SimpleSslContextBuilder builder;
      if (tls.clientCert() != null) {
        try (InputStream cert = Files.newInputStream(tls.clientCert());
             InputStream key = Files.newInputStream(tls.clientKey())) {
          builder = SimpleSslContextBuilder.forPKCS8(cert, key);
          return withTrust(builder, tls).build();
        }
      }
      return withTrust(SimpleSslContextBuilder.noKeyOrCertChain(), tls).build();
    } catch (IOException e) {
      throw new UncheckedIOException("TLS files could not be read: " + e.getMessage(), e);
    }
  }

  private static SimpleSslContextBuilder withTrust(SimpleSslContextBuilder b, TemporalTarget.Tls tls) throws IOException {
    if (tls.serverCa() == null) {
      return b;
    }
    try (InputStream in = Files.newInputStream(tls.serverCa())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
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
    } catch (GeneralSecurityException e) {
      throw new IOException(tls.serverCa() + ": not a PEM CA certificate (" + e.getMessage() + ")", e);
    }
  }
}
