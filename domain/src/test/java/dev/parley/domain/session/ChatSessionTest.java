package dev.parley.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.common.InvalidValueException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChatSessionTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  static ChatSession open(Ttl ttl) {
    return ChatSession.open(new OpenSessionSpec(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        "web", null, "user-1", "title", Map.of(), AdditionalData.EMPTY, ttl), T0);
  }

  @Test
  void a_new_session_is_active_with_activity_at_its_opening() {
    ChatSession s = open(null);
    assertThat(s.isFinal()).isFalse();
    assertThat(s.status()).isEqualTo(SessionStatus.ACTIVE);
    assertThat(s.lastActivity()).isEqualTo(T0);
    assertThat(s.finalReason()).isEmpty();
  }

  @Test
  void ending_marks_final_with_the_reason_and_raises_one_event() {
    ChatSession s = open(null);
    var events = s.end(FinalReason.USER_END, T0.plusSeconds(5));
    assertThat(events).containsExactly(new SessionEvent.SessionEnded(s.id(), FinalReason.USER_END, T0.plusSeconds(5)));
    assertThat(s.isFinal()).isTrue();
    assertThat(s.finalReason()).contains(FinalReason.USER_END);
  }

  @Test
  void ending_twice_is_a_no_op_that_keeps_the_first_reason() {
    ChatSession s = open(null);
    s.end(FinalReason.TTL, T0.plusSeconds(1));
    assertThat(s.end(FinalReason.USER_END, T0.plusSeconds(2))).isEmpty();
    assertThat(s.finalReason()).contains(FinalReason.TTL);
    assertThat(s.endedAt()).contains(T0.plusSeconds(1));
  }

  @Test
  void a_final_session_takes_no_message() {
    ChatSession s = open(null);
    s.end(FinalReason.AGENT_FINISH, T0);
    assertThatThrownBy(() -> s.append(Message.user("hi", T0), T0)).isInstanceOf(SessionFinalException.class);
    assertThat(s.messages()).isEmpty();
  }

  @Test
  void last_activity_never_moves_backwards() {
    ChatSession s = open(null);
    s.append(Message.user("late clock", T0.minusSeconds(30)), T0.minusSeconds(30));
    assertThat(s.lastActivity()).isEqualTo(T0);
    s.touch(T0.plusSeconds(10));
    s.touch(T0.plusSeconds(3));
    assertThat(s.lastActivity()).isEqualTo(T0.plusSeconds(10));
  }

  @Test
  void a_session_expires_ttl_after_its_last_activity_and_a_final_one_never() {
    ChatSession s = open(new Ttl(60));
    assertThat(s.expiresAt()).contains(T0.plusSeconds(60));
    assertThat(s.isExpiredAt(T0.plusSeconds(60))).isFalse();
    assertThat(s.isExpiredAt(T0.plusSeconds(61))).isTrue();
    s.append(Message.user("still here", T0.plusSeconds(50)), T0.plusSeconds(50));
    assertThat(s.isExpiredAt(T0.plusSeconds(61))).isFalse();
    s.end(FinalReason.USER_END, T0.plusSeconds(55));
    assertThat(s.expiresAt()).isEmpty();
  }

  @Test
  void unsaved_messages_are_only_those_appended_since_the_last_save() {
    ChatSession s = open(null);
    s.append(Message.user("one", T0), T0);
    ChatSession.persistence(s).markSaved(1);
    s.append(Message.assistant("two", T0), T0);
    assertThat(ChatSession.persistence(s).unsavedMessages()).extracting(Message::content).containsExactly("two");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.messageCount()).isEqualTo(2);
  }

  @Test
  void ttl_must_be_between_60_and_86400_seconds() {
    assertThat(new Ttl(60).seconds()).isEqualTo(60);
    assertThat(new Ttl(86_400).seconds()).isEqualTo(86_400);
    assertThatThrownBy(() -> new Ttl(59)).isInstanceOf(InvalidValueException.class).hasMessageContaining("ttl_seconds");
    assertThatThrownBy(() -> new Ttl(86_401)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void blank_ids_and_null_roles_are_refused() {
    assertThatThrownBy(() -> new Message(null, "x", null, T0)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new ToolCall(" ", "name", null, null)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new OpenSessionSpec(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
        " ", null, null, null, null, null, null)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void a_session_loaded_without_its_transcript_saves_new_messages_after_the_stored_ones() {
    ChatSession stored = open(null);
    ChatSession s = ChatSession.rehydrateWithoutTranscript(stored.snapshot(), 40);
    ChatSession.Persistence p = ChatSession.persistence(s);
    assertThat(p.savedMessageCount()).isEqualTo(40);
    assertThat(s.messageCount()).isEqualTo(40);
    assertThat(s.messages()).isEmpty();
    Message question = Message.user("hi", T0);
    Message answer = Message.assistant("hello", T0);
    s.append(question, T0);
    s.append(answer, T0);
    assertThat(p.unsavedMessages()).containsExactly(question, answer);
    assertThat(p.savedMessageCount()).isEqualTo(40); // the repository numbers the new ones 40 and 41
    assertThat(s.messageCount()).isEqualTo(42);
    p.markSaved(s.version() + 1);
    assertThat(p.savedMessageCount()).isEqualTo(42);
    assertThat(p.unsavedMessages()).isEmpty();
    s.append(Message.user("again", T0), T0);
    assertThat(p.unsavedMessages()).extracting(Message::content).containsExactly("again");
  }
}
