package dev.runbook.testkit;

import dev.runbook.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PKI made with the {@code openssl} CLI (Debian {@code openssl}) for one test run: a CA,
 * a server certificate for {@code IP:127.0.0.1} and {@code DNS:}{@value #SERVER_NAME}, and a client
 * certificate, all signed by the CA; P-256 keys in PKCS#8 PEM, valid for two days.
 */
public final class TestCertificates {
  /** The DNS name the server certificate holds besides 127.0.0.1, for server-name overrides. */
  public static final String SERVER_NAME = "temporal.runbook.test";

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Generates the CA and certificates in {@code dir}. */
  public static TestCertificates create(Path dir) {
    TestCertificates c = new TestCertificates(dir);
    try {
      Files.createDirectories(dir);
      c.openssl("req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
          "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=runbook test CA",
          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
      c.signed("server", "subjectAltName=IP:127.0.0.1,DNS:" + SERVER_NAME + "\nextendedKeyUsage=serverAuth\n");
      c.signed("client", "extendedKeyUsage=clientAuth\n");
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException("could not make test certificates with openssl (apt-get install openssl)", e);
    }
  }

  /** The CA certificate that signed the others. */
  public Path ca() {
    return dir.resolve("ca.pem");
  }

  /** The server's certificate. */
  public Path serverCert() {
    return dir.resolve("server.pem");
  }

  /** The server's private key. */
  public Path serverKey() {
    return dir.resolve("server.key");
  }

  /** The client certificate for mutual TLS. */
  public Path clientCert() {
    return dir.resolve("client.pem");
  }

  /** The client certificate's PKCS#8 private key. */
  public Path clientKey() {
    return dir.resolve("client.key");
  }

  private void signed(String name, String extensions) throws IOException {
    Files.writeString(dir.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n" + extensions);
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=runbook test " + name);
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
  }

  private void openssl(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Processes.run(command, dir, Map.of());
  }
}
