package dev.parley.domain.session;

import dev.parley.domain.agent.BuiltInVariables;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The bag of values an integrator hands a conversation, used as template variables. Reserved keys belong to
 * the server: they are dropped from client input and overwritten before every model call. A key reserved in any
 * spelling ({@link BuiltInVariables#isReserved}: the built-in names and the {@code tool} namespace, in any case,
 * dotted or nested) is dropped too, so no caller can forge a tool result or a built-in.
 */
public record AdditionalData(Map<String, Object> values) {
  public static final Set<String> RESERVED_KEYS = BuiltInVariables.NAMES;

  public static final AdditionalData EMPTY = new AdditionalData(Map.of());

  public AdditionalData {
    Map<String, Object> copy = new LinkedHashMap<>();
    if (values != null) values.forEach((k, v) -> { if (k != null && !BuiltInVariables.isReserved(k)) copy.put(k, v); });
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
