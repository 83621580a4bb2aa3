package dev.parley.application.policy;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * How web-chat secrets look: web integration tokens ({@code wt_}) and resume tokens ({@code rt_}), 32 random bytes
 * each, URL-safe (they travel in query strings and JSON), stored only as SHA-256 like API keys.
 */
public final class WebTokens {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Longer inputs are refused before hashing: no real token is this long. */
  public static final int MAX_LENGTH = 512;

  private WebTokens() {}

  public static String newIntegrationToken() {
    return "wt_" + random();
  }

  public static String newResumeToken() {
    return "rt_" + random();
  }

  /** Whether {@code credential} looks like a web-chat token (integration or resume), which is never an API key. */
  public static boolean isWebToken(String credential) {
    return credential.startsWith("wt_") || credential.startsWith("rt_");
  }

  public static byte[] hash(String token) {
    return ApiKeys.hash(token);
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
