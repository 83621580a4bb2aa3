package dev.parley.adapter.out.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import dev.parley.application.error.InvalidStateException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.StateSealer;
import dev.parley.application.port.out.StatelessState;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Seals stateless states with Tink AEAD (AES-256-GCM, random 96-bit nonces). The sealing key's id is written in
 * clear into each envelope, so opening picks the right key among all configured ones: states sealed before a
 * rotation keep opening while the old key stays configured. The tenant, and the chat id in the header, are
 * associated data: a state presented by another tenant, or with another chat id spliced in, fails to decrypt.
 */
public final class TinkStateSealer implements StateSealer {
  /** Far beyond any real state (about 200 bytes); refused before decoding so no one makes us decode megabytes. */
  static final int MAX_TOKEN_CHARS = 4096;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final Map<String, Aead> aeads = new HashMap<>();
  private final String primaryKeyId;
  private final Duration lifetime;
  private final Clock clock;

  public TinkStateSealer(StateKeyring keyring, Duration lifetime, Clock clock) {
    Objects.requireNonNull(keyring, "keyring");
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("state lifetime must be positive");
    this.primaryKeyId = keyring.primary().id();
    this.lifetime = lifetime;
    this.clock = Objects.requireNonNull(clock, "clock");
    keyring.keys().forEach((id, key) -> aeads.put(id, aead(key)));
  }

  @Override
  public String seal(StatelessState state) {
    byte[] header = StateEnvelope.header(primaryKeyId, state.chatId());
    try {
      byte[] sealed = aeads.get(primaryKeyId).encrypt(StateEnvelope.payload(state),
          StateEnvelope.associatedData(state.tenantId(), header, header.length));
      return ENCODER.encodeToString(ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing a state failed", e);
    }
  }

  @Override
  public StatelessState open(String token, UUID tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    if (token == null || token.isBlank()) throw InvalidStateException.malformed("it is empty");
    if (token.length() > MAX_TOKEN_CHARS) throw InvalidStateException.malformed("it is far too long to be a state");
    byte[] bytes;
    try {
      bytes = DECODER.decode(token.trim());
    } catch (IllegalArgumentException e) {
      throw InvalidStateException.malformed("it is not base64url text");
    }
    StatelessState state;
    try {
      StateEnvelope.Header header = StateEnvelope.readHeader(bytes);
      Aead aead = aeads.get(header.keyId());
      if (aead == null) throw InvalidStateException.unknownKey(header.keyId());
      byte[] plaintext;
      try {
        plaintext = aead.decrypt(slice(bytes, header.length()), StateEnvelope.associatedData(tenantId, bytes, header.length()));
      } catch (GeneralSecurityException e) {
        throw InvalidStateException.unverifiable();
      }
      state = StateEnvelope.readPayload(plaintext);
      // Both are already bound by the associated data; checked again so a format slip can never widen what opens.
      if (!state.tenantId().equals(tenantId) || !state.chatId().equals(header.chatId())) throw InvalidStateException.unverifiable();
    } catch (StateEnvelope.MalformedException e) {
      throw InvalidStateException.malformed(e.getMessage());
    }
    Instant expiresAt = state.issuedAt().plus(lifetime);
    if (clock.now().isAfter(expiresAt)) throw InvalidStateException.expired(expiresAt);
    return state;
  }

  private static byte[] slice(byte[] bytes, int from) {
    byte[] out = new byte[bytes.length - from];
    System.arraycopy(bytes, from, out, 0, out.length);
    return out;
  }

  static Aead aead(StateKey key) {
    try {
      AesGcmParameters parameters = AesGcmParameters.builder().setKeySizeBytes(StateKey.KEY_BYTES).setIvSizeBytes(12)
          .setTagSizeBytes(16).setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
      AesGcmKey aesKey = AesGcmKey.builder().setParameters(parameters)
          .setKeyBytes(SecretBytes.copyFrom(key.material(), InsecureSecretKeyAccess.get())).build();
      // The primitive straight from the key: the same output as a one-key keyset without prefix, without registering
      // every AEAD key type in Tink's registry first (≈ 400 classes loaded at start-up; bench/analysis.md).
      return AesGcmJce.create(aesKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("state key '" + key.id() + "' cannot be used with AES-256-GCM", e);
    }
  }
}
