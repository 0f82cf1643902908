package dev.runbook.worker.webhook;

import java.util.function.LongSupplier;

/**
 * A token bucket over every request to the endpoint: {@code burst} at once, refilled at
 * {@code perMinute}. Past it the endpoint answers 503 with Retry-After, which Alertmanager retries.
 */
public final class RateLimiter {
  private final double capacity;
  private final double perNano;
  private final LongSupplier nanos;
  private double tokens;
  private long last;

  public RateLimiter(int perMinute, int burst) {
    this(perMinute, burst, System::nanoTime);
  }

  /** A limiter on a given clock (tests). */
  public RateLimiter(int perMinute, int burst, LongSupplier nanos) {
    this.capacity = burst;
    this.perNano = perMinute / 60e9;
    this.nanos = nanos;
    this.tokens = burst;
    this.last = nanos.getAsLong();
  }

  /** Takes one request: 0 when it may go on, else the seconds until one may. */
  public synchronized long take() {
    long now = nanos.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
  }
}
