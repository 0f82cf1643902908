package dev.runbook.cli;

import dev.runbook.cli.internal.Blocker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command run on a thread of this JVM: a long-running one (up, server, agent) until {@link #stop()}, or a run
 * (backup, restore) whose output a test reads while it goes on.
 */
final class Background implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exit;

  private Background(String... args) {
    exit = CompletableFuture.supplyAsync(() -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
  }

  /** Starts the command and waits until its output contains {@code ready}. */
  static Background start(String ready, String... args) throws InterruptedException {
    Background b = new Background(args);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!b.out.toString().contains(ready)) {
      if (b.exit.isDone() || System.nanoTime() > deadline) {
        throw new AssertionError("not ready (exit " + b.exit.getNow(null) + "): " + b.out + b.err);
      }
      Thread.sleep(50);
    }
    return b;
  }

  String out() {
    return out.toString();
  }

  /** Both streams, for messages that may go to either. */
  String all() {
    return out.toString() + err;
  }

  /** Waits up to {@code limit} for a command that ends by itself (a backup, a restore) and returns its exit code. */
  int exit(Duration limit) throws Exception {
    try {
      return exit.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("still running after " + limit.toSeconds() + " s: " + out + err);
    }
  }

  /** Releases the command as Ctrl-C would and returns its exit code. */
  int stop() {
    Blocker.releaseAll();
    return exit.join();
  }

  @Override
  public void close() {
    if (!exit.isDone()) {
      stop();
    }
  }
}
