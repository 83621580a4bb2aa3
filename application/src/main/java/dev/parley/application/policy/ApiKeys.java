package dev.parley.application.policy;

import dev.parley.domain.common.Sha256;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** How API keys look and are hashed: 32 random bytes, URL-safe, stored only as SHA-256. */
public final class ApiKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  public static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "pk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] hash(String key) {
    return Sha256.of(key);
  }

  /** Constant-time comparison, so the time taken says nothing about how much of a hash matched. */
  public static boolean sameHash(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

}
