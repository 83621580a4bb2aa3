package dev.parley.adapter.out.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.BooleanSupplier;

/**
 * A bounded cache of rows that rarely change and are read on every request (API keys, tenants, agents), kept
 * correct across instances by {@link CacheInvalidations}.
 *
 * <p>Only present, committed values are cached: a key or agent created a moment ago is found at once, and a row read
 * inside a transaction is not kept (the transaction may roll back). A load that overlaps an
 * invalidation is not stored (the generation counter moved), so a value read before a change committed cannot
 * outlive the invalidation that announced the change. Entries expire after {@code ttl} in any case: the bound on
 * staleness if an invalidation is ever lost, and for rows changed outside Parley.
 *
 * <p>Absence is remembered only when asked ({@code absentTtl} above zero), for rows whose every insert sends an
 * invalidation: API keys, where a flood of made-up keys must not cost a database read each time the same one comes
 * back.
 */
final class ReadThroughCache<K, V> {
  private final Cache<K, V> entries;
  private final Cache<K, Boolean> absent;
  private final AtomicLong generation = new AtomicLong();
  private final BooleanSupplier trusted;
  private final BooleanSupplier mayStore;

  /**
   * {@code trusted}: whether entries may be served now; {@code mayStore}: whether a value just loaded may be kept
   * (not when it was read inside a transaction that may still roll back).
   */
  ReadThroughCache(Duration ttl, long maxEntries, BooleanSupplier trusted, BooleanSupplier mayStore) {
    this(ttl, Duration.ZERO, maxEntries, trusted, mayStore);
  }

  /** {@code absentTtl}: how long a key found absent is answered absent without a load (zero: not at all). */
  ReadThroughCache(Duration ttl, Duration absentTtl, long maxEntries, BooleanSupplier trusted, BooleanSupplier mayStore) {
    this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxEntries).build();
    this.absent = absentTtl.isZero() || absentTtl.isNegative() ? null
        : Caffeine.newBuilder().expireAfterWrite(absentTtl).maximumSize(maxEntries).build();
    this.trusted = trusted;
    this.mayStore = mayStore;
  }

  /** The cached value, or the loaded one (cached when present and nothing was invalidated meanwhile). */
  Optional<V> get(K key, Function<K, Optional<V>> load) {
    boolean useCache = trusted.getAsBoolean();
    if (useCache) {
      V hit = entries.getIfPresent(key);
      if (hit != null) return Optional.of(hit);
      if (absent != null && absent.getIfPresent(key) != null) return Optional.empty();
    }
    long before = generation.get();
    Optional<V> loaded = load.apply(key);
    if (useCache && generation.get() == before && mayStore.getAsBoolean()) {
      if (loaded.isPresent()) entries.put(key, loaded.get());
      else if (absent != null) absent.put(key, Boolean.TRUE);
    }
    return loaded;
  }

  /** The cached value if there is one and entries may be served now; never loads. */
  Optional<V> peek(K key) {
    return trusted.getAsBoolean() ? Optional.ofNullable(entries.getIfPresent(key)) : Optional.empty();
  }

  void invalidate(K key) {
    generation.incrementAndGet();
    entries.invalidate(key);
    if (absent != null) absent.invalidate(key);
  }

  void invalidateAll() {
    generation.incrementAndGet();
    entries.invalidateAll();
    if (absent != null) absent.invalidateAll();
  }

  long size() {
    return entries.estimatedSize();
  }
}
