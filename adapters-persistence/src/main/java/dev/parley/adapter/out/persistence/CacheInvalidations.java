package dev.parley.adapter.out.persistence;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the read-through caches of every instance correct when a cached row changes (an API key revoked, an agent
 * updated or deleted, a tenant's default agent changed). See docs/decisions/0007-caching-keys-and-agents.md.
 *
 * <p>The writer evicts its own entry at once and sends {@code pg_notify('parley_cache', 'name|key')} on the
 * connection of the change: inside a transaction PostgreSQL delivers it at commit, to every instance's listening
 * connection ({@link PgChatEvents}). While that connection is down, notifications may be lost, so the caches are
 * bypassed, and they are emptied when it comes back.
 */
@Singleton
public class CacheInvalidations {
  static final String CHANNEL = "parley_cache";
  static final String ALL = "*";

  private final Jdbc jdbc;
  private final PgChatEvents events;
  private final boolean enabled;
  private final Duration ttl;
  private final long maxEntries;
  private final Map<String, ReadThroughCache<String, ?>> caches = new ConcurrentHashMap<>();

  public CacheInvalidations(Jdbc jdbc, PgChatEvents events,
                            @Value("${parley.cache.enabled:true}") boolean enabled,
                            @Value("${parley.cache.ttl:30s}") Duration ttl,
                            @Value("${parley.cache.max-entries:10000}") long maxEntries) {
    this.jdbc = jdbc;
    this.events = events;
    this.enabled = enabled;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    if (enabled) events.listenForCacheInvalidations(this::onNotification, this::onFeedRestored);
  }

  /** A new cache that this component keeps correct, under a name unique in the process. */
  <V> ReadThroughCache<String, V> register(String name) {
    return register(name, Duration.ZERO);
  }

  /** The same, remembering keys found absent for {@code absentTtl}: every insert must then invalidate its key. */
  <V> ReadThroughCache<String, V> register(String name, Duration absentTtl) {
    ReadThroughCache<String, V> cache =
        new ReadThroughCache<>(ttl, absentTtl, maxEntries, this::trusted, () -> !jdbc.inConnectionScope());
    if (caches.putIfAbsent(name, cache) != null) throw new IllegalStateException("cache " + name + " registered twice");
    return cache;
  }

  /** Evicts here at once and, when the caller's transaction commits (or at once outside one), everywhere. */
  void invalidate(String name, String key) {
    evict(name, key);
    if (enabled) PgChatEvents.notify(jdbc, CHANNEL, name + "|" + key);
  }

  /** Entries are served only while this instance would hear about changes made by others. */
  boolean trusted() {
    return enabled && events.hearsOtherInstances();
  }

  private void onNotification(String payload) {
    int bar = payload.indexOf('|');
    if (bar > 0) evict(payload.substring(0, bar), payload.substring(bar + 1));
  }

  private void onFeedRestored() {
    caches.values().forEach(ReadThroughCache::invalidateAll);
  }

  private void evict(String name, String key) {
    ReadThroughCache<String, ?> cache = caches.get(name);
    if (cache == null) return;
    if (ALL.equals(key)) cache.invalidateAll();
    else cache.invalidate(key);
  }
}
