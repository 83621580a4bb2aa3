package dev.parley.adapter.in.rest.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The operator key check shared by the operator API and the health details: constant time, off when none is set. */
public final class AdminKey {
  public static final String HEADER = "X-Admin-Key";

  private AdminKey() {}

  /** True only when an operator key is configured and {@code presented} is exactly it. */
  public static boolean matches(String configured, String presented) {
    if (configured == null || configured.isBlank() || presented == null) return false;
    return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), configured.getBytes(StandardCharsets.UTF_8));
  }
}
