package dev.parley.adapter.out.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the {@code Parley-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">},
 * with one {@code v1} per secret while a secret is being rotated ({@code "new,old"}).
 */
public final class WebhookSignature {
  private WebhookSignature() {}

  /** The hex HMAC-SHA256 of {@code "<t>.<body>"} keyed with one secret. */
  public static String sign(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e); // every Java runtime must provide it
    }
  }

  /** The full header value, signed with every secret of {@code secrets} (one, or {@code "new,old"}). */
  public static String header(String secrets, long t, byte[] body) {
    StringBuilder header = new StringBuilder("t=").append(t);
    for (String secret : secrets(secrets)) header.append(",v1=").append(sign(secret, t, body));
    return header.toString();
  }

  /** The secrets of a configured value: one, or two during a rotation; blanks are ignored. */
  public static List<String> secrets(String secrets) {
    List<String> out = new ArrayList<>();
    if (secrets == null) return out;
    for (String part : secrets.split(",")) if (!part.isBlank()) out.add(part.trim());
    return out;
  }

  /**
   * True when the header carries a timestamp within {@code toleranceSeconds} of now (so an old request cannot be
   * replayed) and at least one {@code v1} value made with one of the candidate secrets over this exact body.
   */
  public static boolean verify(String header, String secretCandidates, byte[] body, long nowSeconds, long toleranceSeconds) {
    if (header == null || body == null) return false;
    Long t = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) continue;
      String key = part.substring(0, eq).trim(), value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        if (t != null) return false; // two timestamps: ambiguous, refuse
        try {
          t = Long.parseLong(value);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (key.equals("v1")) {
        signatures.add(value.toLowerCase(Locale.ROOT));
      }
    }
    if (t == null || signatures.isEmpty()) return false;
    if (t < nowSeconds - toleranceSeconds || t > nowSeconds + toleranceSeconds) return false;
    boolean match = false;
    for (String secret : secrets(secretCandidates)) {
      byte[] expected = sign(secret, t, body).getBytes(StandardCharsets.US_ASCII);
      // Constant-time comparison, and no early exit, so timing tells nothing about how close a guess was.
      for (String signature : signatures)
        match |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
    return match;
  }
}
