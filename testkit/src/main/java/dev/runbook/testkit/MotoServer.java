package dev.runbook.testkit;

import dev.runbook.testkit.internal.Ports;
import dev.runbook.testkit.internal.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * moto's server ({@code moto_server}, from {@code pip install 'moto[server]==5.2.5'}): a local
 * stand-in for the EC2 and RDS APIs that the real AWS SDK talks to through an endpoint override.
 * Listens on 127.0.0.1 on a free port; {@link #reset()} forgets every resource between tests;
 * {@link #close()} (or, failing that, a JVM shutdown hook) stops it. Found on {@code PATH}, then in
 * Python's scripts directory; {@code MOTO_SERVER} names another binary.
 */
public final class MotoServer implements AutoCloseable {
  /** The install line, in every error that says moto's server is missing. */
  public static final String INSTALL_HINT = "pip install 'moto[server]==5.2.5'";

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread hook;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private MotoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.hook = new Thread(process::destroyForcibly, "moto-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Why moto's server cannot be started here, or null when it can. */
  public static String unavailableBecause() {
    return binary() == null ? "moto_server is not installed: " + INSTALL_HINT : null;
  }

  /** Starts moto's server and waits (up to 60 s) until it answers. */
  public static MotoServer start() {
    Path binary = binary();
    if (binary == null) {
      throw new IllegalStateException("moto_server is not on PATH nor in Python's scripts directory: " + INSTALL_HINT);
    }
    try {
      int port = Ports.free();
      Path log = Files.createTempFile("runbook-moto-", ".log");
      ProcessBuilder pb = new ProcessBuilder(binary.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      // Without its built-in images (and their hundreds of snapshots) a reset takes a moment, not seconds;
      // RunInstances takes any image id while moto's AMI validation is off, as it is by default.
      pb.environment().put("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
      Process p = pb.start();
      MotoServer moto = new MotoServer(p, port, log);
      moto.awaitReady();
      return moto;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start moto_server", e);
    }
  }

  /** The endpoint to give the SDK's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Forgets every resource in every region ({@code POST /moto-api/reset}). */
  public void reset() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
          .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("moto_server's reset answered HTTP " + r.statusCode() + ": " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("moto_server's reset failed; its log: " + logTail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("moto_server exited " + process.exitValue() + ": " + logTail());
      }
      if (Ports.accepting(port)) {
        reset(); // answers only once the application is up
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close();
    throw new IOException("moto_server did not answer on 127.0.0.1:" + port + " within 60 s: " + logTail());
  }

  private String logTail() {
    try {
      return Processes.tail(Files.readString(log), 20);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Path binary() {
    String explicit = System.getenv("MOTO_SERVER");
    if (explicit != null && !explicit.isBlank()) {
      return Files.isExecutable(Path.of(explicit)) ? Path.of(explicit) : null;
    }
    List<Path> dirs = new ArrayList<>();
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    pythonScripts().ifPresent(dirs::add);
    dirs.add(Path.of(System.getProperty("user.home"), ".local", "bin"));
    return dirs.stream().map(d -> d.resolve("moto_server")).filter(Files::isExecutable).findFirst().orElse(null);
  }

  private static java.util.Optional<Path> pythonScripts() {
    try {
      String out = Processes.run(List.of("python3", "-c", "import sysconfig; print(sysconfig.get_path('scripts'))"),
          Path.of("/"), java.util.Map.of()).strip();
      return out.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(out));
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs anyway.
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // Best effort.
    }
  }
}
