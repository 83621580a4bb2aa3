package dev.parley.application.service;

import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per caller: {@code rate} requests per second with bursts of {@code burst}. One instance serves the
 * REST API and both sockets, so an API key has one budget whichever way it talks: callers are {@code key:<sha256>}
 * for an API key (REST and {@code /ws/chat} messages) and {@code addr:<ip>} for a client without one (REST before
 * authentication, webCall messages). Per instance and in memory on purpose: it sheds load, it is not billing.
 */
public final class RateLimiter {
  private static final int MAX_BUCKETS = 100_000;
  private final double ratePerSecond;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(double ratePerSecond, double burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  /** The caller name of an API key: the same bucket for REST requests and socket messages. */
  public static String forApiKey(String apiKey) {
    return forApiKeyHash(ApiKeys.hash(apiKey.trim()));
  }

  /** {@link #forApiKey} for a caller that has the key's SHA-256 already (the REST filter hashes it once). */
  public static String forApiKeyHash(byte[] keyHash) {
    return "key:" + HexFormat.of().formatHex(keyHash);
  }

  /** The caller name of a client known only by its address. */
  public static String forAddress(String address) {
    return "addr:" + address;
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
