package dev.parley.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.session.ConversationMode;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.SessionStatus;
import org.junit.jupiter.api.Test;

/** The columns' spellings read back: an unknown name is an error, never a default that looks valid. */
class StoredNamesTest {

  @Test
  void an_unknown_status_name_is_an_error_not_active() {
    assertThat(StoredNames.status("final")).isEqualTo(SessionStatus.FINAL);
    assertThat(StoredNames.status("active")).isEqualTo(SessionStatus.ACTIVE);
    assertThatThrownBy(() -> StoredNames.status("paused")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("paused");
    assertThatThrownBy(() -> StoredNames.status(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void every_constant_reads_back_as_it_was_written() {
    for (SessionStatus s : SessionStatus.values()) assertThat(StoredNames.status(StoredNames.of(s))).isEqualTo(s);
    for (FinalReason r : FinalReason.values()) assertThat(StoredNames.finalReason(StoredNames.of(r))).isEqualTo(r);
    for (Role r : Role.values()) assertThat(StoredNames.role(StoredNames.of(r))).isEqualTo(r);
    for (ConversationMode m : ConversationMode.values()) assertThat(StoredNames.mode(StoredNames.of(m))).isEqualTo(m);
    assertThat(StoredNames.finalReason(null)).isNull();
    assertThatThrownBy(() -> StoredNames.finalReason("bored")).isInstanceOf(IllegalArgumentException.class);
  }
}
