package dev.parley.bootstrap.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adapter.out.limits.TokenBucketRateLimiter;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.bootstrap.support.Misuse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketRateLimiterTest {
  /** 5 requests a minute, bursts of 5; failed credentials 3 a minute; at most 1000 callers tracked per budget. */
  private final RateLimiter limiter = new TokenBucketRateLimiter(5.0 / 60, 5, 3, 60, 20, 600, 1000);

  @Test
  void a_flood_of_new_callers_does_not_reset_the_bucket_of_a_caller_past_its_budget() {
    RateLimiter atDefaultBound = new TokenBucketRateLimiter(5.0 / 60, 5, 3, 60, 20, 600, 100_000);
    String attacker = RateLimiter.forAddress("203.0.113.9");
    for (int i = 0; i < 5; i++) assertThat(atDefaultBound.acquire(attacker)).isZero();
    assertThat(atDefaultBound.acquire(attacker)).as("past the burst").isPositive();
    long started = System.nanoTime();
    int others = 150_000; // more than the old limiter's 100,000, at which it emptied every bucket
    for (int i = 0; i < others; i++) atDefaultBound.acquire(address(i));
    long retryAfter = atDefaultBound.acquire(attacker);
    Misuse.record("rate-limit-eviction", "one address past its budget, then " + others + " requests from new addresses "
        + "(tracking bound 100,000)", "the address's next request: retry after " + retryAfter + " s; "
        + (System.nanoTime() - started) / 1_000_000 + " ms");
    assertThat(retryAfter).as("the limited caller is still limited").isPositive();
  }

  @Test
  void far_more_new_callers_than_the_bound_share_one_overflow_bucket_and_never_evict_a_tracked_one() {
    String attacker = RateLimiter.forAddress("203.0.113.9");
    for (int i = 0; i < 6; i++) limiter.acquire(attacker);
    List<Long> newcomers = new ArrayList<>();
    for (int i = 0; i < 150_000; i++) { // 150 times the bound of 1000
      newcomers.add(limiter.acquire(address(i)));
      if (i % 1000 == 0) assertThat(limiter.acquire(attacker)).as("request " + i).isPositive();
    }
    // the attacker and 999 newcomers are tracked; the rest share one bucket: its burst of 5, then nothing
    assertThat(newcomers.subList(0, 999)).as("tracked callers, each with its own burst").containsOnly(0L);
    assertThat(newcomers.subList(999, 1004)).as("the overflow bucket's burst").containsOnly(0L);
    assertThat(newcomers.subList(1004, 150_000)).as("then the overflow bucket is empty").allMatch(wait -> wait > 0);
  }

  private static String address(int i) {
    return RateLimiter.forAddress("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
  }

  @Test
  void budgets_are_separate_and_peeking_takes_nothing() {
    String address = RateLimiter.forAddress("198.51.100.1");
    assertThat(limiter.retryAfter(Budget.FAILED_CREDENTIALS, address)).isZero();
    for (int i = 0; i < 3; i++) assertThat(limiter.acquire(Budget.FAILED_CREDENTIALS, address)).isZero();
    assertThat(limiter.retryAfter(Budget.FAILED_CREDENTIALS, address)).isBetween(1L, 20L);
    assertThat(limiter.retryAfter(Budget.FAILED_CREDENTIALS, address)).as("peeking twice").isBetween(1L, 20L);
    assertThat(limiter.acquire(Budget.REQUESTS, address)).as("its requests budget is untouched").isZero();
  }

  @Test
  void a_rate_of_zero_turns_a_budget_off() {
    RateLimiter off = new TokenBucketRateLimiter(0, 0, 0, 0, 0, 0, 10);
    for (int i = 0; i < 100; i++) assertThat(off.acquire(Budget.CHAT_OPENS_PER_ADDRESS, "addr:x")).isZero();
  }
}
