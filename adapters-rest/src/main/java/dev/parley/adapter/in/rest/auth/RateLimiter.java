package dev.parley.adapter.in.rest.auth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per caller (API key hash, or client address before authentication): {@code rate} requests per
 * second with bursts of {@code burst}. Per instance and in memory on purpose: it sheds load, it is not billing.
 */
@Singleton
public class RateLimiter {
  private static final int MAX_BUCKETS = 100_000;
  private final double ratePerSecond;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(@Value("${parley.rate-limit.per-second:50}") double ratePerSecond,
                     @Value("${parley.rate-limit.burst:200}") double burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** Zero when the request may go on, else the seconds to wait before retrying. */
  public long acquire(String caller) {
    if (ratePerSecond <= 0) return 0;
    if (buckets.size() > MAX_BUCKETS) buckets.clear(); // a flood of distinct callers must not exhaust memory
    Bucket bucket = buckets.computeIfAbsent(caller, k -> new Bucket(burst, System.nanoTime()));
    synchronized (bucket) {
      long now = System.nanoTime();
      bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / 1e9 * ratePerSecond);
      bucket.updatedNanos = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - bucket.tokens) / ratePerSecond);
    }
  }

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long updatedNanos) {
      this.tokens = tokens;
      this.updatedNanos = updatedNanos;
    }
  }
}
