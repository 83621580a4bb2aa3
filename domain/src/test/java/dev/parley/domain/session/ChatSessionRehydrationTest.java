package dev.parley.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What storage hands back must be a session the aggregate could have produced. */
class ChatSessionRehydrationTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  private static ChatSession.Snapshot stored(SessionStatus status, FinalReason reason) {
    return new ChatSession.Snapshot(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "api",
        null, null, "t", Map.of(), AdditionalData.EMPTY, null, T0, status, reason, T0, null, status == SessionStatus.FINAL ? T0 : null, 1);
  }

  @Test
  void a_final_session_without_a_reason_is_refused() {
    assertThatThrownBy(() -> ChatSession.rehydrate(stored(SessionStatus.FINAL, null), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("final session has a reason");
  }

  @Test
  void an_active_session_with_a_reason_is_refused() {
    assertThatThrownBy(() -> ChatSession.rehydrate(stored(SessionStatus.ACTIVE, FinalReason.TTL), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_consistent_final_session_comes_back_as_it_was() {
    ChatSession s = ChatSession.rehydrate(stored(SessionStatus.FINAL, FinalReason.USER_END), List.of());
    assertThat(s.isFinal()).isTrue();
    assertThat(s.finalReason()).contains(FinalReason.USER_END);
  }

  @Test
  void an_unknown_status_name_is_an_error_not_active() {
    assertThat(SessionStatus.fromWireName("final")).isEqualTo(SessionStatus.FINAL);
    assertThat(SessionStatus.fromWireName("active")).isEqualTo(SessionStatus.ACTIVE);
    assertThatThrownBy(() -> SessionStatus.fromWireName("paused")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("paused");
    assertThatThrownBy(() -> SessionStatus.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
