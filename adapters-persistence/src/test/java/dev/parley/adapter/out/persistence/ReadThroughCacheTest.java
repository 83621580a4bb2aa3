package dev.parley.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the caches of keys, tenants and agents promise: never a value older than the last invalidation. */
class ReadThroughCacheTest {
  private final AtomicBoolean trusted = new AtomicBoolean(true);
  private final AtomicBoolean mayStore = new AtomicBoolean(true);
  private final ReadThroughCache<String, String> cache =
      new ReadThroughCache<>(Duration.ofMinutes(10), 100, trusted::get, mayStore::get);
  private final AtomicInteger loads = new AtomicInteger();

  private Optional<String> load(String value) {
    loads.incrementAndGet();
    return Optional.ofNullable(value);
  }

  @Test
  void a_found_value_is_loaded_once_then_served_from_memory() {
    assertThat(cache.get("k", k -> load("v1"))).contains("v1");
    assertThat(cache.get("k", k -> load("v2"))).contains("v1");
    assertThat(loads).hasValue(1);
  }

  @Test
  void an_invalidated_value_is_loaded_again() {
    cache.get("k", k -> load("v1"));
    cache.invalidate("k");
    assertThat(cache.get("k", k -> load("v2"))).contains("v2");
  }

  @Test
  void absence_is_not_cached_so_a_new_row_is_found_at_once() {
    assertThat(cache.get("k", k -> load(null))).isEmpty();
    assertThat(cache.get("k", k -> load("created"))).contains("created");
  }

  @Test
  void absence_is_remembered_when_asked_until_the_key_is_invalidated() {
    ReadThroughCache<String, String> keys = new ReadThroughCache<>(Duration.ofMinutes(10), Duration.ofMinutes(1), 100,
        trusted::get, mayStore::get);
    assertThat(keys.get("made-up", k -> load(null))).isEmpty();
    assertThat(keys.get("made-up", k -> load("never read"))).as("the second lookup of a failed key").isEmpty();
    assertThat(loads).hasValue(1);
    keys.invalidate("made-up"); // the key was inserted after all
    assertThat(keys.get("made-up", k -> load("created"))).contains("created");
  }

  @Test
  void a_load_that_overlaps_an_invalidation_is_not_kept() {
    // The row was read before a change committed; the change's invalidation arrived while the read was running.
    assertThat(cache.get("k", k -> {
      cache.invalidate("k");
      return load("old");
    })).contains("old");
    assertThat(cache.get("k", k -> load("new"))).contains("new");
  }

  @Test
  void nothing_is_served_while_the_invalidation_feed_is_down() {
    cache.get("k", k -> load("v1"));
    trusted.set(false);
    assertThat(cache.get("k", k -> load("v2"))).contains("v2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void a_value_read_inside_a_transaction_is_not_kept() {
    mayStore.set(false);
    cache.get("k", k -> load("uncommitted"));
    mayStore.set(true);
    assertThat(cache.get("k", k -> load("committed"))).contains("committed");
  }

  @Test
  void invalidating_all_empties_every_entry() {
    cache.get("a", k -> load("1"));
    cache.get("b", k -> load("2"));
    cache.invalidateAll();
    assertThat(cache.size()).isZero();
  }
}
