package dev.parley.adapter.out.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.Hkdf;
import dev.parley.application.port.out.SecretSealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seals tenants' secrets for storage with Tink AEAD (AES-256-GCM). A sealed value reads
 * {@code s1.<key id>.<base64url(nonce | ciphertext | tag)>}; the tenant, the value's context and the key id are
 * associated data, so a value copied to another tenant, connection or field does not open. Keys rotate like state
 * keys: the primary seals, every configured key opens.
 */
public final class TinkSecretSealer implements SecretSealer {
  private static final String PREFIX = "s1.";
  private static final byte[] AAD_PREFIX = "parley/secret/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DERIVATION_INFO = "parley/secrets-at-rest/v1".getBytes(StandardCharsets.US_ASCII);

  private final Map<String, Aead> aeads = new HashMap<>();
  private final String primaryKeyId;

  public TinkSecretSealer(StateKeyring keyring) {
    this.primaryKeyId = keyring.primary().id();
    keyring.keys().forEach((id, key) -> aeads.put(id, TinkStateSealer.aead(key)));
  }

  /**
   * A keyring for secrets derived (HKDF-SHA256) from the state keys, for servers that configure no secret keys of
   * their own: the same rotation, never the same key bytes as the state envelopes.
   */
  public static StateKeyring derivedFrom(StateKeyring stateKeys) {
    List<StateKey> derived = new ArrayList<>();
    for (StateKey key : stateKeys.keys().values()) {
      try {
        derived.add(new StateKey(key.id(), Hkdf.computeHkdf("HMACSHA256", key.material(), new byte[0], DERIVATION_INFO,
            StateKey.KEY_BYTES)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("deriving the secrets key failed", e);
      }
    }
    return StateKeyring.of(derived, stateKeys.primary().id());
  }

  @Override
  public String seal(UUID tenantId, String context, String secret) {
    try {
      byte[] sealed = aeads.get(primaryKeyId).encrypt(secret.getBytes(StandardCharsets.UTF_8),
          associatedData(tenantId, context, primaryKeyId));
      return PREFIX + primaryKeyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing a secret failed", e);
    }
  }

  @Override
  public String open(UUID tenantId, String context, String sealed) {
    int dot = sealed == null || !sealed.startsWith(PREFIX) ? -1 : sealed.indexOf('.', PREFIX.length());
    if (dot < 0) throw new IllegalStateException("a stored secret (" + context + ") is not in the sealed format");
    String keyId = sealed.substring(PREFIX.length(), dot);
    Aead aead = aeads.get(keyId);
    if (aead == null)
      throw new IllegalStateException("a stored secret (" + context + ") was sealed with key '" + keyId + "', which is no longer configured");
    try {
      byte[] plain = aead.decrypt(Base64.getUrlDecoder().decode(sealed.substring(dot + 1)), associatedData(tenantId, context, keyId));
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("a stored secret (" + context + ") does not open with key '" + keyId + "'");
    }
  }

  private static byte[] associatedData(UUID tenantId, String context, String keyId) {
    String text = "|" + tenantId + "|" + context + "|" + keyId;
    byte[] rest = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[AAD_PREFIX.length + rest.length];
    System.arraycopy(AAD_PREFIX, 0, out, 0, AAD_PREFIX.length);
    System.arraycopy(rest, 0, out, AAD_PREFIX.length, rest.length);
    return out;
  }
}
