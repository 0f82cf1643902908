package dev.runbook.cli;

import dev.runbook.cli.internal.Blocker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A long-running command (up, server, agent) run on a thread until {@link #stop()}. */
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
