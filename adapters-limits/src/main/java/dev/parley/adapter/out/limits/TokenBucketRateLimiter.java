package dev.parley.adapter.out.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.application.port.out.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rate limiter: a Bucket4j token bucket per caller and budget, held in a Caffeine cache per budget. A bucket
 * expires once it has been left alone long enough to be full again, so dropping it changes nothing; a bucket that
 * is still refilling is never evicted, so a flood of new callers cannot reset the bucket of a caller past its
 * budget. Memory is bounded by {@code parley.rate-limit.max-callers} per budget: while that many callers are
 * tracked, new ones share a single overflow bucket of the same rate until tracked buckets expire.
 */
@Singleton
public class TokenBucketRateLimiter implements RateLimiter {
  private final Map<Budget, Limit> limits = new EnumMap<>(Budget.class);

  public TokenBucketRateLimiter(@Value("${parley.rate-limit.per-second:50}") double perSecond,
                                @Value("${parley.rate-limit.burst:200}") double burst,
                                @Value("${parley.rate-limit.failed-credentials-per-minute:30}") double failedPerMinute,
                                @Value("${parley.rate-limit.admin-per-minute:60}") double adminPerMinute,
                                @Value("${parley.rate-limit.chat-opens-per-minute:20}") double opensPerAddressPerMinute,
                                @Value("${parley.rate-limit.chat-opens-per-token-per-minute:600}") double opensPerTokenPerMinute,
                                @Value("${parley.rate-limit.max-callers:100000}") long maxCallers) {
    limits.put(Budget.REQUESTS, Limit.of(perSecond, burst, maxCallers));
    limits.put(Budget.FAILED_CREDENTIALS, Limit.perMinute(failedPerMinute, maxCallers));
    limits.put(Budget.ADMIN, Limit.perMinute(adminPerMinute, maxCallers));
    limits.put(Budget.CHAT_OPENS_PER_ADDRESS, Limit.perMinute(opensPerAddressPerMinute, maxCallers));
    limits.put(Budget.CHAT_OPENS_PER_TOKEN, Limit.perMinute(opensPerTokenPerMinute, maxCallers));
  }

  @Override
  public long acquire(Budget budget, String caller) {
    Limit limit = limits.get(budget);
    if (limit.unlimited()) return 0;
    ConsumptionProbe probe = limit.bucket(caller).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
  }

  @Override
  public long retryAfter(Budget budget, String caller) {
    Limit limit = limits.get(budget);
    if (limit.unlimited()) return 0;
    Bucket bucket = limit.trackedBucket(caller);
    if (bucket == null) return 0; // an unknown caller has a full bucket
    var estimate = bucket.estimateAbilityToConsume(1);
    return estimate.canBeConsumed() ? 0 : seconds(estimate.getNanosToWaitForRefill());
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  /** One budget: {@code burst} tokens refilled at {@code perSecond}; a rate of zero or less means no limit. */
  private record Limit(Bandwidth bandwidth, Cache<String, Bucket> buckets, Bucket overflow, long maxCallers) {
    static Limit of(double perSecond, double burst, long maxCallers) {
      if (perSecond <= 0) return new Limit(null, null, null, 0);
      long capacity = Math.max(1, (long) burst);
      Duration refillAll = Duration.ofNanos((long) Math.ceil(capacity / perSecond * 1e9));
      Bandwidth bandwidth = Bandwidth.builder().capacity(capacity).refillGreedy(capacity, refillAll).build();
      return new Limit(bandwidth, Caffeine.newBuilder().expireAfterAccess(refillAll).build(),
          Bucket.builder().addLimit(bandwidth).build(), maxCallers);
    }

    /** {@code perMinute} tokens a minute, all of which may be spent at once. */
    static Limit perMinute(double perMinute, long maxCallers) {
      return of(perMinute / 60, perMinute, maxCallers);
    }

    boolean unlimited() {
      return bandwidth == null;
    }

    /** The caller's bucket, made when it has none (the overflow bucket while the bound is reached). */
    Bucket bucket(String caller) {
      Bucket tracked = trackedBucket(caller);
      return tracked != null ? tracked : buckets.get(caller, k -> Bucket.builder().addLimit(bandwidth).build());
    }

    /** The caller's bucket, the overflow bucket if it has none and no more callers can be tracked, else null. */
    Bucket trackedBucket(String caller) {
      Bucket bucket = buckets.getIfPresent(caller);
      if (bucket != null || buckets.estimatedSize() < maxCallers) return bucket;
      buckets.cleanUp(); // expired buckets may still be counted
      return buckets.estimatedSize() < maxCallers ? null : overflow;
    }
  }
}
