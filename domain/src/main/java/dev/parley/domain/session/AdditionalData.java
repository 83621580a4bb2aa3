package dev.parley.domain.session;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bag of values an integrator hands a conversation, used as template variables. Reserved keys belong to
 * the server: they are dropped from client input and overwritten before every model call.
 */
public record AdditionalData(Map<String, Object> values) {
  public static final Set<String> RESERVED_KEYS =
      Set.of("channel", "sip_endpoint", "chat_id", "call_id", "agent_id", "user_id", "now", "last_user_message");

  public static final AdditionalData EMPTY = new AdditionalData(Map.of());

  public AdditionalData {
    Map<String, Object> copy = new LinkedHashMap<>();
    if (values != null) values.forEach((k, v) -> { if (k != null && !RESERVED_KEYS.contains(k)) copy.put(k, v); });
    values = Collections.unmodifiableMap(copy);
  }

  public static AdditionalData of(Map<String, Object> values) {
    return values == null ? EMPTY : new AdditionalData(values);
  }

  /** This bag with {@code overrides} laid over it (reserved keys of the overrides dropped too). */
  public AdditionalData overriddenBy(AdditionalData overrides) {
    if (overrides == null || overrides.values.isEmpty()) return this;
    Map<String, Object> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides.values);
    return new AdditionalData(merged);
  }
}
