package dev.runbook.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the server's command on one long-lived thread, starts it again when it dies on its own, and
 * stops it on request. The thread is the child's parent for the kernel's parent-death signal, so it
 * must outlive the child.
 */
final class DevServerSupervisor {
  private static final Logger log = LoggerFactory.getLogger(DevServerSupervisor.class);
  /** Three deaths, each within this long of its start, and the supervisor gives up. */
  private static final long QUICK_DEATH_MILLIS = 60_000;
  private static final int QUICK_DEATHS = 3;

  private final List<String> command;
  private final Path logFile;
  private final Consumer<Process> awaitReady;
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
  private volatile Process process;
  private volatile boolean stopping;
  private Thread thread;

  DevServerSupervisor(List<String> command, Path logFile, Consumer<Process> awaitReady) {
    this.command = command;
    this.logFile = logFile;
    this.awaitReady = awaitReady;
  }

  /** Starts the child and returns once it answers; throws what the readiness check threw. */
  void start() {
    thread = new Thread(this::supervise, "temporal-server-supervisor");
    thread.setDaemon(true);
    thread.start();
    try {
      firstReady.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void supervise() {
    Deque<Long> quickDeaths = new ArrayDeque<>();
    boolean first = true;
    while (!stopping) {
      long started = System.currentTimeMillis();
      Process p;
      boolean unready = false;
      try {
        p = launch();
        if (p == null) {
          return; // stop() came first
        }
        awaitReady.accept(p);
      } catch (RuntimeException e) {
        if (first) {
          firstReady.completeExceptionally(e);
          return;
        }
        if (stopping) {
          return;
        }
        log.warn("Temporal's server did not come back: {}", e.getMessage());
        // A server that never answered counts as a quick death however long the wait took: else one that
        // hangs at start would be started again every minute for ever.
        unready = true;
        p = process;
      }
      if (first) {
        first = false;
        firstReady.complete(null);
      }
      int code = waitFor(p);
      if (stopping) {
        return;
      }
      if (unready || System.currentTimeMillis() - started < QUICK_DEATH_MILLIS) {
        quickDeaths.addLast(started);
      }
      while (quickDeaths.size() > QUICK_DEATHS) {
        quickDeaths.removeFirst();
      }
      if (quickDeaths.size() == QUICK_DEATHS && started - quickDeaths.peekFirst() < 5 * QUICK_DEATH_MILLIS) {
        failure.complete("Temporal's server died " + QUICK_DEATHS + " times soon after starting (last status " + code
            + "); its log " + logFile + " ends with:\n" + tail(logFile));
        return;
      }
      log.warn("Temporal's server exited with status {}; starting it again on the same store", code);
      System.err.println("runbook: Temporal's server exited (status " + code + "); starting it again on the same store");
      sleep(1000);
    }
  }

  /** Starts the child, or returns null once stopping: under the lock stop() takes, so no child escapes it. */
  private synchronized Process launch() {
    if (stopping) {
      return null;
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
      process = p;
      log.info("started Temporal's server (pid {}): {}", p.pid(), String.join(" ", command));
      return p;
    } catch (IOException e) {
      throw new TemporalDevServer.StartFailedException("could not run " + String.join(" ", command.subList(0, 6))
          + " (util-linux's setsid and setpriv: apt-get install util-linux): " + e.getMessage());
    }
  }

  /** From now on an exit of the child is the end, not a crash: called first when the process shuts down. */
  synchronized void beginStop() {
    stopping = true;
  }

  private static int waitFor(Process p) {
    while (true) {
      try {
        return p.waitFor();
      } catch (InterruptedException e) {
        // Only stop() ends supervision; it does so by ending the child.
      }
    }
  }

  long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  CompletableFuture<String> failure() {
    return failure;
  }

  /** Ends the child: SIGTERM, then SIGKILL after 10 s. */
  void stop() {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    if (p != null && p.isAlive()) {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the server's log, for error messages. */
  static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
