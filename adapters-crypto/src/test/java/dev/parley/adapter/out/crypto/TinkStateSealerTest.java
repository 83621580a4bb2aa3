package dev.parley.adapter.out.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.error.InvalidStateException;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.StatelessState;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TinkStateSealerTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final UUID TENANT = UUID.randomUUID();
  private static final Duration DAY = Duration.ofHours(24);

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T10:00:00.123456Z"));
  private final Clock clock = now::get;

  private static StateKey newKey(String id) {
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    return new StateKey(id, material);
  }

  private static String digest(int seed) {
    byte[] bytes = new byte[32];
    new java.util.Random(seed).nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private StatelessState state(UUID tenant, String inlineDigest) {
    return new StatelessState(tenant, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), inlineDigest, 3, digest(1),
        now.get());
  }

  private TinkStateSealer sealer(StateKeyring keyring) {
    return new TinkStateSealer(keyring, DAY, clock);
  }

  private TinkStateSealer sealer() {
    return sealer(StateKeyring.of(List.of(newKey("k1")), null));
  }

  private static String flipByte(String token, int index) {
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    bytes[index] ^= 0x01;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String keyIdOf(String token) {
    try {
      return StateEnvelope.readHeader(Base64.getUrlDecoder().decode(token)).keyId();
    } catch (StateEnvelope.MalformedException e) {
      throw new AssertionError(e);
    }
  }

  private static int decodedLength(String token) {
    return Base64.getUrlDecoder().decode(token).length;
  }

  @Test
  void a_sealed_state_opens_to_exactly_what_was_sealed() {
    TinkStateSealer sealer = sealer();
    StatelessState stored = state(TENANT, null);
    StatelessState inline = state(TENANT, digest(2));
    assertThat(sealer.open(sealer.seal(stored), TENANT)).isEqualTo(stored);
    assertThat(sealer.open(sealer.seal(inline), TENANT)).isEqualTo(inline);
  }

  @Test
  void tokens_are_url_safe_compact_and_never_repeat() {
    TinkStateSealer sealer = sealer();
    StatelessState s = state(TENANT, digest(2));
    String a = sealer.seal(s);
    String b = sealer.seal(s);
    assertThat(a).matches("[A-Za-z0-9_-]+").hasSizeLessThan(400);
    assertThat(a).isNotEqualTo(b); // a fresh nonce every time
  }

  @Test
  void flipping_any_byte_of_the_token_is_refused_as_a_4xx_problem_never_a_crash() {
    TinkStateSealer sealer = sealer();
    String token = sealer.seal(state(TENANT, null));
    for (int i = 0; i < decodedLength(token); i++) {
      String tampered = flipByte(token, i);
      assertThatThrownBy(() -> sealer.open(tampered, TENANT)).as("byte %d", i).isInstanceOf(InvalidStateException.class)
          .extracting(e -> ((InvalidStateException) e).field()).isEqualTo("state");
    }
  }

  @Test
  void a_body_byte_flip_is_reported_as_unverifiable() {
    TinkStateSealer sealer = sealer();
    String token = sealer.seal(state(TENANT, null));
    assertThatThrownBy(() -> sealer.open(flipByte(token, decodedLength(token) - 5), TENANT))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("could not be verified")
        .extracting(e -> ((InvalidStateException) e).code()).isEqualTo("state_invalid");
  }

  @Test
  void every_truncation_is_refused() {
    TinkStateSealer sealer = sealer();
    String token = sealer.seal(state(TENANT, null));
    for (int length = 0; length < token.length(); length++) {
      String truncated = token.substring(0, length);
      assertThatThrownBy(() -> sealer.open(truncated, TENANT)).as("length %d", length).isInstanceOf(InvalidStateException.class);
    }
  }

  @Test
  void a_state_of_another_tenant_does_not_open() {
    TinkStateSealer sealer = sealer();
    String token = sealer.seal(state(TENANT, null));
    assertThatThrownBy(() -> sealer.open(token, UUID.randomUUID()))
        .isInstanceOf(InvalidStateException.class).hasMessageContaining("another tenant");
  }

  @Test
  void a_chat_id_spliced_into_the_clear_header_does_not_open() {
    TinkStateSealer sealer = sealer();
    StatelessState s = state(TENANT, null);
    String token = sealer.seal(s);
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    byte[] otherHeader = StateEnvelope.header("k1", UUID.randomUUID());
    System.arraycopy(otherHeader, 0, bytes, 0, otherHeader.length);
    String spliced = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThatThrownBy(() -> sealer.open(spliced, TENANT)).isInstanceOf(InvalidStateException.class)
        .extracting(e -> ((InvalidStateException) e).code()).isEqualTo("state_invalid");
  }

  @Test
  void a_state_older_than_the_lifetime_is_expired_and_one_just_inside_it_opens() {
    TinkStateSealer sealer = sealer();
    String token = sealer.seal(state(TENANT, null));
    now.set(now.get().plus(DAY));
    assertThat(sealer.open(token, TENANT)).isNotNull();
    now.set(now.get().plusSeconds(1));
    assertThatThrownBy(() -> sealer.open(token, TENANT)).isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("expired")
        .extracting(e -> ((InvalidStateException) e).code()).isEqualTo("state_expired");
  }

  @Test
  void garbage_empty_and_oversized_tokens_are_malformed() {
    TinkStateSealer sealer = sealer();
    for (String bad : List.of("", "   ", "not base64!", "AAAA", "x".repeat(TinkStateSealer.MAX_TOKEN_CHARS + 1), "AQ")) {
      assertThatThrownBy(() -> sealer.open(bad, TENANT)).as(bad.length() > 20 ? "long" : bad)
          .isInstanceOf(InvalidStateException.class)
          .extracting(e -> ((InvalidStateException) e).code()).isIn("state_malformed", "state_invalid");
    }
    assertThatThrownBy(() -> sealer.open("not base64!", TENANT)).hasMessageContaining("malformed");
  }

  @Test
  void rotation_keeps_old_states_opening_and_seals_new_ones_with_the_new_primary() {
    StateKey a = newKey("2026-10");
    StateKey b = newKey("2026-11");
    TinkStateSealer before = sealer(StateKeyring.of(List.of(a), "2026-10"));
    StatelessState s = state(TENANT, null);
    String old = before.seal(s);

    TinkStateSealer after = sealer(StateKeyring.of(List.of(b, a), "2026-11"));
    assertThat(after.open(old, TENANT)).isEqualTo(s);
    String fresh = after.seal(s);
    assertThat(keyIdOf(fresh)).isEqualTo("2026-11");
    assertThat(keyIdOf(old)).isEqualTo("2026-10");
    // A server that has not been given the new key yet cannot read the new states, and says why.
    assertThatThrownBy(() -> before.open(fresh, TENANT)).isInstanceOf(InvalidStateException.class)
        .hasMessageContaining("2026-11")
        .extracting(e -> ((InvalidStateException) e).code()).isEqualTo("state_key_unknown");

    TinkStateSealer retired = sealer(StateKeyring.of(List.of(b), null));
    assertThatThrownBy(() -> retired.open(old, TENANT)).isInstanceOf(InvalidStateException.class)
        .extracting(e -> ((InvalidStateException) e).code()).isEqualTo("state_key_unknown");
  }

  @Test
  void a_key_with_the_same_id_but_other_material_cannot_open() {
    String token = sealer(StateKeyring.of(List.of(newKey("k")), null)).seal(state(TENANT, null));
    TinkStateSealer impostor = sealer(StateKeyring.of(List.of(newKey("k")), null));
    assertThatThrownBy(() -> impostor.open(token, TENANT)).isInstanceOf(InvalidStateException.class)
        .extracting(e -> ((InvalidStateException) e).code()).isEqualTo("state_invalid");
  }

  @Test
  void the_keyring_refuses_bad_configuration_with_a_clear_reason() {
    String good = Base64.getEncoder().encodeToString(new byte[32]);
    assertThat(StateKey.fromBase64("a", good).id()).isEqualTo("a");
    assertThat(StateKey.fromBase64("a", Base64.getUrlEncoder().encodeToString(new byte[32])).material()).hasSize(32);
    assertThatThrownBy(() -> StateKey.fromBase64("a", Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("exactly 32 bytes");
    assertThatThrownBy(() -> StateKey.fromBase64("a", "%%%")).hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> StateKey.fromBase64("bad id", good)).hasMessageContaining("must be 1-64 characters");
    assertThatThrownBy(() -> StateKeyring.of(List.of(newKey("a"), newKey("a")), "a")).hasMessageContaining("configured twice");
    assertThatThrownBy(() -> StateKeyring.of(List.of(newKey("a"), newKey("b")), null)).hasMessageContaining("primary-key-id");
    assertThatThrownBy(() -> StateKeyring.of(List.of(newKey("a")), "c")).hasMessageContaining("names no configured key");
    assertThat(newKey("secret").toString()).doesNotContain("material=");
  }

  @Test
  void an_ephemeral_keyring_seals_and_opens_in_its_own_process_only() {
    StateKeyring ephemeral = StateKeyring.ephemeral();
    assertThat(ephemeral.isEphemeral()).isTrue();
    StatelessState s = state(TENANT, null);
    assertThat(sealer(ephemeral).open(sealer(ephemeral).seal(s), TENANT)).isEqualTo(s);
    String token = sealer(ephemeral).seal(s);
    assertThatThrownBy(() -> sealer(StateKeyring.ephemeral()).open(token, TENANT)).isInstanceOf(InvalidStateException.class);
  }
}
