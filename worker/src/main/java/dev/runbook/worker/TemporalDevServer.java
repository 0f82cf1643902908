package dev.runbook.worker;

import dev.runbook.workflows.RunbookSearchAttributes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's own server ({@code temporal server start-dev}: persistence in SQLite, Schedules,
 * visibility, the Web UI) as a supervised child of this process, on 127.0.0.1 only.
 *
 * <p>The child cannot outlive this JVM: it runs under {@code setpriv --pdeathsig TERM}, started from a
 * supervisor thread that lives as long as the child (the kernel sends the signal when the thread
 * that started the child ends, so a short-lived thread would stop it early). If the server dies on its
 * own it is started again on the same store, so runs go on; after three deaths within a minute of their
 * starts the supervisor gives up and {@link #failure()} completes. One store is served by at most one
 * server: a lock file beside it refuses a second {@code runbook up}.
 */
public final class TemporalDevServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TemporalDevServer.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final DevServerOptions options;
  private final List<String> command;
  private final StoreLock lock;
  private final int port;
  private final int uiPort;
  private final DevServerSupervisor supervisor;

  private TemporalDevServer(DevServerOptions options, List<String> command, StoreLock lock, int port, int uiPort) {
    this.options = options;
    this.command = command;
    this.lock = lock;
    this.port = port;
    this.uiPort = uiPort;
    this.supervisor = new DevServerSupervisor(command, options.logFile(), this::awaitReady);
  }

  /**
   * Starts the server, waits until it answers, and sets the namespace's retention.
   *
   * @throws TemporalBinary.MissingException when the binary is not installed
   * @throws AlreadyRunningException when another process serves the same store
   * @throws PortInUseException when something listens on a port it needs
   * @throws StartFailedException when the server exits or does not answer; the message holds its log's end
   */
  public static TemporalDevServer start(DevServerOptions options) {
    Path binary = TemporalBinary.find(options.binary(), System.getenv());
    StoreLock lock = options.store() == null ? null : StoreLock.acquire(options.store());
    try {
      int port = options.port() == 0 ? freePort() : requireFree(options.port(), "gRPC");
      int uiPort = options.uiPort() < 0 ? -1 : options.uiPort() == 0 ? freePort() : requireFree(options.uiPort(), "Web UI");
      Files.createDirectories(options.logFile().toAbsolutePath().getParent());
      TemporalDevServer server = new TemporalDevServer(options, command(binary, options, port, uiPort), lock, port, uiPort);
      server.supervisor.start();
      try {
        server.setRetention();
      } catch (RuntimeException e) {
        server.supervisor.stop(); // nothing half-started stays behind an unlocked store
        throw new StartFailedException("Temporal's server on " + server.target() + " refused to set the retention of "
            + "namespace " + options.namespace() + ": " + e.getMessage());
      }
      return server;
    } catch (IOException e) {
      if (lock != null) {
        lock.close();
      }
      throw new StartFailedException("cannot write Temporal's log " + options.logFile() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
  }

  static List<String> command(Path binary, DevServerOptions o, int port, int uiPort) {
    // setsid: a Ctrl-C in the terminal reaches runbook alone, which then stops the server itself (else the
    // server would die first and the supervisor would take it for a crash).
    List<String> cmd = new ArrayList<>(List.of("setsid", "setpriv", "--pdeathsig", "TERM", "--", binary.toString(),
        "server", "start-dev", "--ip", "127.0.0.1", "--port", Integer.toString(port), "--log-level", "warn",
        // No call home: this machine talks to nothing but loopback.
        "--dynamic-config-value", "frontend.enableServerVersionCheck=false"));
    if (uiPort < 0) {
      cmd.add("--headless");
    } else {
      cmd.addAll(List.of("--ui-port", Integer.toString(uiPort), "--ui-disable-news-fetch"));
    }
    if (o.store() != null) {
      cmd.addAll(List.of("--db-filename", o.store().toAbsolutePath().toString()));
    }
    if (!TemporalTarget.DEFAULT_NAMESPACE.equals(o.namespace())) {
      cmd.addAll(List.of("--namespace", o.namespace()));
    }
    for (var key : RunbookSearchAttributes.ALL) {
      cmd.addAll(List.of("--search-attribute", key.getName() + "=Keyword"));
    }
    return cmd;
  }

  private void awaitReady(Process process) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new StartFailedException("Temporal's server exited with status " + process.exitValue()
            + " before it answered; its log " + options.logFile() + " ends with:\n" + DevServerSupervisor.tail(options.logFile()));
      }
      try {
        TemporalConnection.connect(TemporalTarget.plain(target()).withNamespace(options.namespace())).shutdownNow();
        return;
      } catch (TemporalConnection.TemporalUnavailableException e) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new StartFailedException("Temporal's server did not answer on " + target() + " within "
              + READY_TIMEOUT.toSeconds() + " s; see its log " + options.logFile());
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartFailedException("interrupted while waiting for Temporal's server");
      }
    }
  }

  private void setRetention() {
    var stubs = TemporalConnection.connect(TemporalTarget.plain(target()).withNamespace(options.namespace()));
    try {
      NamespaceRetention.set(stubs, options.namespace(), options.retention());
    } finally {
      stubs.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int requireFree(int port, String what) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
    } catch (IOException e) {
      return port;
    }
    throw new PortInUseException("127.0.0.1:" + port + " (" + what + ") is already in use, by another Temporal server "
        + "or program: stop it, pass --port/--ui-port for other ports, or --temporal-target to use the server listening there");
  }

  /** {@code 127.0.0.1:<port>}. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** The Web UI's address, or null when started without it. */
  public String uiAddress() {
    return uiPort < 0 ? null : "http://127.0.0.1:" + uiPort;
  }

  public String namespace() {
    return options.namespace();
  }

  public DevServerOptions options() {
    return options;
  }

  /** The server process's id now (it changes when the supervisor starts it again). */
  public long pid() {
    return supervisor.pid();
  }

  /** Completes with the reason when the supervisor gave up starting the server again. */
  public CompletableFuture<String> failure() {
    return supervisor.failure();
  }

  /** The command line, for logs and tests. */
  public List<String> command() {
    return command;
  }

  /**
   * Says that this process is shutting down: from now on the server's exit (systemd may signal it with
   * the rest of the unit) is not a crash to recover from. {@link #close()} stops it.
   */
  public void beginShutdown() {
    supervisor.beginStop();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and releases the store. */
  @Override
  public void close() {
    supervisor.stop();
    if (lock != null) {
      lock.close();
    }
    log.info("Temporal server on {} stopped", target());
  }

  /** Another process serves the same store. */
  public static final class AlreadyRunningException extends RuntimeException {
    public AlreadyRunningException(String message) {
      super(message);
    }
  }

  /** A port the server needs is taken. */
  public static final class PortInUseException extends RuntimeException {
    public PortInUseException(String message) {
      super(message);
    }
  }

  /** The server did not come up; the message says why and where its log is. */
  public static final class StartFailedException extends RuntimeException {
    public StartFailedException(String message) {
      super(message);
    }
  }
}
