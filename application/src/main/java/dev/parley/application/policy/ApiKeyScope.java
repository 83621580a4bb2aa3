package dev.parley.application.policy;

import dev.parley.domain.common.InvalidValueException;
import java.util.Locale;

/**
 * What an API key may do in its tenant, each scope including the ones below it: {@code admin} everything,
 * {@code operator} conversations and their control (docs/security.md lists the routes), {@code read} GET only.
 */
public enum ApiKeyScope {
  READ, OPERATOR, ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when a key of this scope may do what {@code needed} allows. */
  public boolean covers(ApiKeyScope needed) {
    return compareTo(needed) >= 0;
  }

  /** The scope a request names; null or absent: admin, what keys could always do. */
  public static ApiKeyScope parse(String field, String value) {
    if (value == null) return ADMIN;
    for (ApiKeyScope s : values()) if (s.wireName().equals(value)) return s;
    throw new InvalidValueException(field, field + " must be one of admin, operator, read");
  }
}
