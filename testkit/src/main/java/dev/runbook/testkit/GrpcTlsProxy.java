package dev.runbook.testkit;

import dev.runbook.testkit.internal.Ports;
import dev.runbook.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx ({@code nginx-light}) as a TLS-terminating gRPC proxy on 127.0.0.1 in front of a
 * plain-text gRPC server, the way a Temporal cluster is often exposed. It runs from its own
 * nginx.conf in a temporary directory (no system configuration; pid, logs and temp files there) as a
 * child process, and {@link #close()} stops it. Optionally it requires a client certificate signed by
 * the test CA (mutual TLS) or an {@code authorization: Bearer <key>} header (answered with HTTP 401
 * otherwise, which gRPC clients see as UNAUTHENTICATED).
 */
public final class GrpcTlsProxy implements AutoCloseable {
  private static final Path NGINX = Path.of("/usr/sbin/nginx");

  /** What the proxy demands of a client besides TLS. */
  public enum Mode { TLS, MUTUAL_TLS, API_KEY }

  private final Path dir;
  private final int port;
  private final Process nginx;

  private GrpcTlsProxy(Path dir, int port, Process nginx) {
    this.dir = dir;
    this.port = port;
    this.nginx = nginx;
  }

  /**
   * Starts nginx on a free port of 127.0.0.1, forwarding to {@code 127.0.0.1:upstreamPort}.
   *
   * @param apiKey the key required in {@link Mode#API_KEY}; ignored otherwise
   */
  public static GrpcTlsProxy start(TestCertificates certs, int upstreamPort, Mode mode, String apiKey) {
    if (!Files.isExecutable(NGINX)) {
      throw new IllegalStateException("nginx not found at " + NGINX + ": apt-get install nginx-light");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("runbook-nginx-");
      int port = Ports.free();
      Files.writeString(dir.resolve("nginx.conf"), config(dir, port, certs, upstreamPort, mode, apiKey));
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
        // The master stops with the JVM even when the JVM is killed and close() never runs.
        command.addAll(List.of("/usr/bin/setpriv", "--pdeathsig", "TERM"));
      }
      command.addAll(List.of(NGINX.toString(), "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
          "-e", dir.resolve("error.log").toString()));
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("nginx.out").toFile()).start();
      GrpcTlsProxy proxy = new GrpcTlsProxy(dir, port, p);
      proxy.awaitListening();
      return proxy;
    } catch (IOException e) {
      Processes.deleteTree(dir);
      throw new UncheckedIOException("could not start nginx", e);
    }
  }

  /** The proxy's {@code host:port}. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  private static String config(Path dir, int port, TestCertificates certs, int upstream, Mode mode, String apiKey) {
    String d = dir.toString();
    return String.join("\n",
        "daemon off;",
        "worker_processes 1;",
        "pid " + d + "/nginx.pid;",
        "error_log " + d + "/error.log info;",
        // A root master would run its worker as nobody, which cannot enter the private temp directory.
        "root".equals(System.getProperty("user.name")) ? "user root;" : "",
        "events { worker_connections 64; }",
        "http {",
        "  access_log " + d + "/access.log;",
        "  client_body_temp_path " + d + "/body; proxy_temp_path " + d + "/proxy;",
        "  fastcgi_temp_path " + d + "/fastcgi; uwsgi_temp_path " + d + "/uwsgi; scgi_temp_path " + d + "/scgi;",
        "  server {",
        "    listen 127.0.0.1:" + port + " ssl http2;",
        "    ssl_certificate " + certs.serverCert() + ";",
        "    ssl_certificate_key " + certs.serverKey() + ";",
        mode == Mode.MUTUAL_TLS ? "    ssl_verify_client on; ssl_client_certificate " + certs.ca() + ";" : "",
        "    location / {",
        mode == Mode.API_KEY ? "      if ($http_authorization != \"Bearer " + apiKey + "\") { return 401; }" : "",
        "      grpc_pass grpc://127.0.0.1:" + upstream + ";",
        // Temporal's long polls last about a minute; nginx's 60 s defaults would cut them.
        "      grpc_read_timeout 300s; grpc_send_timeout 300s; client_max_body_size 0;",
        "    }",
        "  }",
        "}",
        "");
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Ports.accepting(port)) {
      if (!nginx.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IOException("nginx did not start: " + log());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
  }

  private String log() {
    try {
      Path out = dir.resolve("nginx.out");
      Path err = dir.resolve("error.log");
      return Processes.tail((Files.exists(out) ? Files.readString(out) : "") + (Files.exists(err) ? Files.readString(err) : ""), 10);
    } catch (IOException e) {
      return e.getMessage();
    }
  }

  /** Stops nginx (master and worker) and removes its directory. */
  @Override
  public void close() {
    List<ProcessHandle> workers = nginx.descendants().toList();
    nginx.destroy();
    try {
      if (!nginx.waitFor(5, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
        nginx.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.forEach(ProcessHandle::destroyForcibly);
    Processes.deleteTree(dir);
  }
}
