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
  void a_negative_version_is_refused() {
    ChatSession.Snapshot s = stored(SessionStatus.ACTIVE, null);
    ChatSession.Snapshot negative = new ChatSession.Snapshot(s.id(), s.callId(), s.tenantId(), s.agentId(), s.channel(),
        s.endpoint(), s.userId(), s.title(), s.metadata(), s.additionalData(), s.ttl(), s.createdAt(), s.status(),
        s.finalReason(), s.lastActivity(), s.lastMessageAt(), s.endedAt(), -1);
    assertThatThrownBy(() -> ChatSession.rehydrate(negative, List.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  @Test
  void a_negative_message_count_is_refused() {
    assertThatThrownBy(() -> ChatSession.rehydrateWithoutTranscript(stored(SessionStatus.ACTIVE, null), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
