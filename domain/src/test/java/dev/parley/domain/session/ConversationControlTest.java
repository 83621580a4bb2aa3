package dev.parley.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.common.InvalidValueException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The conversation-control states of issue #20: busy policy, mode agent/human, operator messages, tool approval. */
class ConversationControlTest {
  private static final java.time.Instant T0 = ChatSessionTest.T0;

  @Test
  void the_busy_policy_decides_what_a_new_message_does_only_while_a_turn_runs() {
    for (BusyPolicy p : BusyPolicy.values()) assertThat(p.decide(false)).isEqualTo(BusyPolicy.Decision.RUN);
    assertThat(BusyPolicy.ENQUEUE.decide(true)).isEqualTo(BusyPolicy.Decision.WAIT);
    assertThat(BusyPolicy.REJECT.decide(true)).isEqualTo(BusyPolicy.Decision.REFUSE);
    assertThat(BusyPolicy.INTERRUPT.decide(true)).isEqualTo(BusyPolicy.Decision.INTERRUPT_THEN_RUN);
  }

  @Test
  void a_handoff_silences_the_agent_and_the_chat_then_waits_for_a_person_instead_of_its_ttl() {
    ChatSession s = ChatSessionTest.open(new Ttl(60));
    assertThat(s.agentAnswers()).isTrue();
    var events = s.handOff("billing question", Duration.ofHours(4), T0.plusSeconds(10));
    assertThat(events).containsExactly(new SessionEvent.ModeChanged(s.id(), ConversationMode.HUMAN, "billing question", T0.plusSeconds(10)));
    assertThat(s.mode()).isEqualTo(ConversationMode.HUMAN);
    assertThat(s.agentAnswers()).isFalse();
    assertThat(s.expiresAt()).contains(T0.plusSeconds(10).plus(Duration.ofHours(4)));
    assertThat(s.handOff("again", Duration.ofHours(4), T0.plusSeconds(20))).as("already with a person").isEmpty();

    assertThat(s.handBack(T0.plusSeconds(30))).hasSize(1);
    assertThat(s.mode()).isEqualTo(ConversationMode.AGENT);
    assertThat(s.expiresAt()).as("the TTL again").contains(T0.plusSeconds(30 + 60));
    assertThat(s.handBack(T0.plusSeconds(40))).isEmpty();
  }

  @Test
  void a_snapshot_keeps_the_mode_and_the_human_wait() {
    ChatSession s = ChatSessionTest.open(null);
    s.handOff(null, Duration.ofMinutes(5), T0);
    ChatSession back = ChatSession.rehydrate(s.snapshot(), List.of());
    assertThat(back.mode()).isEqualTo(ConversationMode.HUMAN);
    assertThat(back.humanWait()).contains(Duration.ofMinutes(5));
  }

  @Test
  void operator_messages_need_a_person_in_charge_and_a_final_chat_changes_mode_no_more() {
    ChatSession s = ChatSessionTest.open(null);
    Message hello = Message.operator("Hi, Ana here", new Message.Author("op-1", "Ana"), T0);
    assertThatThrownBy(() -> s.appendOperatorMessage(hello, T0)).isInstanceOf(InvalidTransitionException.class)
        .extracting(e -> ((InvalidTransitionException) e).code()).isEqualTo("not_in_human_mode");
    s.handOff(null, null, T0);
    s.appendOperatorMessage(hello, T0.plusSeconds(1));
    assertThat(ChatSession.persistence(s).unsavedMessages()).containsExactly(hello);
    s.end(FinalReason.USER_END, T0.plusSeconds(2));
    assertThatThrownBy(() -> s.handBack(T0.plusSeconds(3))).isInstanceOf(SessionFinalException.class);
    assertThatThrownBy(() -> s.handOff(null, null, T0.plusSeconds(3))).isInstanceOf(SessionFinalException.class);
    assertThatThrownBy(() -> s.appendOperatorMessage(hello, T0.plusSeconds(3))).isInstanceOf(SessionFinalException.class);
  }

  @Test
  void the_agent_sees_an_operator_message_as_its_own_turn_and_a_stopped_reply_is_marked() {
    Message op = Message.operator("Refund approved", new Message.Author(null, "Ana"), T0);
    assertThat(op.asSeenByAgent().role()).isEqualTo(Role.ASSISTANT);
    assertThat(op.asSeenByAgent().content()).isEqualTo("Refund approved");
    assertThat(Message.assistant("Let me ch", T0).markInterrupted().interrupted()).isTrue();
    assertThatThrownBy(() -> new Message(Role.OPERATOR, "x", null, T0)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new Message.Author("id", " ")).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void an_approval_is_decided_once_and_one_left_pending_is_cancelled_with_its_chat() {
    ToolApproval pending = ToolApproval.request(UUID.randomUUID(), UUID.randomUUID(),
        new ToolCall("call_1", "refund", Map.of("order", "42"), null), T0);
    ToolApproval approved = pending.decide(ToolApproval.Decision.APPROVE, null, T0.plusSeconds(1));
    assertThat(approved.status()).isEqualTo(ToolApproval.Status.APPROVED);
    assertThatThrownBy(() -> approved.decide(ToolApproval.Decision.DENY, null, T0.plusSeconds(2)))
        .isInstanceOf(InvalidTransitionException.class).extracting(e -> ((InvalidTransitionException) e).code())
        .isEqualTo("approval_decided");
    assertThat(approved.cancel(T0.plusSeconds(3))).isEqualTo(approved);
    ToolApproval cancelled = pending.cancel(T0.plusSeconds(3));
    assertThat(cancelled.status()).isEqualTo(ToolApproval.Status.CANCELLED);
    assertThatThrownBy(() -> cancelled.decide(ToolApproval.Decision.APPROVE, null, T0)).isInstanceOf(InvalidTransitionException.class);
    assertThat(pending.decide(ToolApproval.Decision.DENY, "too much", T0).deniedResult()).containsEntry("reason", "too much");
  }
}
