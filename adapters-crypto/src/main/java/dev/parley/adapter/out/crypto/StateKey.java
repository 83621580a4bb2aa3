package dev.parley.adapter.out.crypto;

import java.util.Base64;
import java.util.regex.Pattern;

/** One AES-256 key for state envelopes, named by an id that travels (in clear) inside every envelope it seals. */
public record StateKey(String id, byte[] material) {
  public static final int KEY_BYTES = 32;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public StateKey {
    if (id == null || !ID.matcher(id).matches())
      throw new IllegalArgumentException("state key id '" + id + "' must be 1-64 characters of A-Z a-z 0-9 . _ -");
    if (material == null || material.length != KEY_BYTES)
      throw new IllegalArgumentException("state key '" + id + "' must be exactly " + KEY_BYTES + " bytes, got "
          + (material == null ? 0 : material.length));
    material = material.clone();
  }

  /** A key from configuration: its id and its material in base64 (standard or URL-safe alphabet). */
  public static StateKey fromBase64(String id, String base64) {
    if (base64 == null || base64.isBlank()) throw new IllegalArgumentException("state key '" + id + "' has no key material");
    byte[] bytes;
    try {
      String text = base64.trim();
      bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("state key '" + id + "' is not valid base64");
    }
    return new StateKey(id, bytes);
  }

  @Override
  public byte[] material() {
    return material.clone();
  }

  @Override
  public String toString() {
    return "StateKey[" + id + "]"; // never the material
  }
}
