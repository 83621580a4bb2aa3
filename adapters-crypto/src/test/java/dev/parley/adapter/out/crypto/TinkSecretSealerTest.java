package dev.parley.adapter.out.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TinkSecretSealerTest {
  private static final UUID TENANT = UUID.randomUUID();

  private static StateKey key(String id, int fill) {
    byte[] material = new byte[StateKey.KEY_BYTES];
    Arrays.fill(material, (byte) fill);
    return new StateKey(id, material);
  }

  @Test
  void a_sealed_secret_opens_only_in_its_own_tenant_and_context_and_never_shows_the_secret() {
    TinkSecretSealer sealer = new TinkSecretSealer(StateKeyring.of(List.of(key("k1", 1)), null));
    String sealed = sealer.seal(TENANT, "provider/1/api_key", "sk-very-secret");

    assertThat(sealed).startsWith("s1.k1.").doesNotContain("sk-very-secret");
    assertThat(sealer.open(TENANT, "provider/1/api_key", sealed)).isEqualTo("sk-very-secret");
    assertThatThrownBy(() -> sealer.open(UUID.randomUUID(), "provider/1/api_key", sealed)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> sealer.open(TENANT, "provider/2/api_key", sealed)).isInstanceOf(IllegalStateException.class)
        .hasMessageNotContaining("sk-very-secret");
  }

  @Test
  void after_a_rotation_old_values_still_open_and_new_ones_are_sealed_with_the_primary() {
    TinkSecretSealer before = new TinkSecretSealer(StateKeyring.of(List.of(key("old", 1)), null));
    String old = before.seal(TENANT, "c", "v");
    TinkSecretSealer after = new TinkSecretSealer(StateKeyring.of(List.of(key("old", 1), key("new", 2)), "new"));

    assertThat(after.open(TENANT, "c", old)).isEqualTo("v");
    assertThat(after.seal(TENANT, "c", "v")).startsWith("s1.new.");
    assertThatThrownBy(() -> new TinkSecretSealer(StateKeyring.of(List.of(key("new", 2)), null)).open(TENANT, "c", old))
        .hasMessageContaining("no longer configured");
  }

  @Test
  void keys_derived_from_the_state_keys_keep_their_ids_but_not_their_bytes() {
    StateKeyring state = StateKeyring.of(List.of(key("s1", 3)), null);
    StateKeyring derived = TinkSecretSealer.derivedFrom(state);

    assertThat(derived.primary().id()).isEqualTo("s1");
    assertThat(derived.primary().material()).isNotEqualTo(state.primary().material());
    TinkSecretSealer sealer = new TinkSecretSealer(derived);
    assertThat(sealer.open(TENANT, "c", sealer.seal(TENANT, "c", "x"))).isEqualTo("x");
  }
}
