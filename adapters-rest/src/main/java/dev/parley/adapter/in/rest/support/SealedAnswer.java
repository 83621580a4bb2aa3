package dev.parley.adapter.in.rest.support;

import dev.parley.domain.common.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stored Idempotency-Key answer that holds a secret (a web integration token), encrypted with AES-256-GCM under a
 * key derived from the client's Idempotency-Key, which the store keeps only as a hash: the replay, which presents the
 * key again, can open it; a reader of the database cannot. As strong as the Idempotency-Key is unguessable (a UUID).
 */
final class SealedAnswer {
  private static final String PREFIX = "sealed:v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SealedAnswer() {}

  static String seal(String answer, String secret) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, secret, iv);
      byte[] sealed = cipher.doFinal(answer.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  static String open(String stored, String secret) {
    if (stored == null || !stored.startsWith(PREFIX)) throw new IllegalStateException("the stored answer is not sealed");
    byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, secret, java.util.Arrays.copyOf(all, IV_BYTES));
      return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the stored answer does not open with this key", e);
    }
  }

  private static Cipher cipher(int mode, String secret, byte[] iv) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(Sha256.of("parley sealed idempotent answer\n" + secret), "AES"), new GCMParameterSpec(TAG_BITS, iv));
    return cipher;
  }
}
