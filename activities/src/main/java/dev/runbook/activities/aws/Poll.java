package dev.runbook.activities.aws;

import dev.runbook.workflows.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Polls AWS until a resource reaches a state. Not the SDK's waiters: those cannot report progress
 * between polls, and a wait of hours must heartbeat so that Temporal notices a dead worker.
 *
 * @param interval time between polls (the first poll is immediate)
 * @param limit the longest wait; past it the wait fails {@code AwsUnavailable}, so a retry waits again
 */
public record Poll(Duration interval, Duration limit) {
  /** One poll's answer: done with a value, or not yet with a progress line. */
  public record Step<T>(Optional<T> value, String progress) {
    public static <T> Step<T> done(T value) {
      return new Step<>(Optional.of(value), "done");
    }

    public static <T> Step<T> pending(String progress) {
      return new Step<>(Optional.empty(), progress);
    }
  }

  /** Polls {@code check}, passing each progress line to {@code progress} (heartbeats), until it is done. */
  public <T> T until(String what, Supplier<Step<T>> check, Consumer<String> progress) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      Step<T> s = check.get();
      if (s.value().isPresent()) {
        return s.value().get();
      }
      progress.accept(s.progress());
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newFailure(what + " did not finish within " + limit + " (last: " + s.progress() + ")",
            FailureTypes.AWS_UNAVAILABLE);
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure(what + ": interrupted while waiting", FailureTypes.AWS_UNAVAILABLE);
      }
    }
  }
}
