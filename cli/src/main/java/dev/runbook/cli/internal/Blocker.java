package dev.runbook.cli.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until the process is asked to stop (Ctrl-C, SIGTERM) or a test releases it. */
public final class Blocker {
  private static volatile CountDownLatch latch = new CountDownLatch(1);

  private Blocker() {}

  /** Waits until stop is requested; {@code onStop} runs on the way out. */
  public static void awaitStop(Runnable onStop) {
    awaitStop(onStop, new CompletableFuture<>());
  }

  /** As {@link #awaitStop(Runnable)}, also ending when {@code failure} completes (a supervised child gave up). */
  public static void awaitStop(Runnable onStop, CompletableFuture<?> failure) {
    CountDownLatch mine = latch;
    failure.whenComplete((v, e) -> mine.countDown());
    Thread hook = new Thread(() -> {
      mine.countDown();
      onStop.run();
    }, "runbook-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      mine.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      onStop.run();
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs onStop.
    }
  }

  /** Releases every waiting command (tests). */
  public static void releaseAll() {
    CountDownLatch old = latch;
    latch = new CountDownLatch(1);
    old.countDown();
  }
}
