package dev.parley.application.usecase.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.control.ChatUnderLease;
import dev.parley.application.error.UnprocessableException;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.support.InMemoryPorts;
import dev.parley.application.support.TestApplication;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionFinalException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Turns, endings and their effects, through the use cases over in-memory ports (no database, milliseconds). */
class ChatTurnsTest {
  private final TestApplication app = new TestApplication();

  private TurnResult say(ChatSession chat, String content, String key) {
    return app.submitTurn.submit(new SubmitTurnCommand(app.tenantId, chat.id(), content, key, null));
  }

  @Test
  void a_turn_saves_the_users_message_and_the_reply_and_says_so_once() {
    ChatSession chat = app.open(null);
    TurnResult result = say(chat, "where is my order?", null);

    assertThat(result.messages()).extracting(Message::content).containsExactly("You said: where is my order?");
    assertThat(result.isFinal()).isFalse();
    assertThat(app.sessions.transcript(chat.id())).extracting(Message::content)
        .containsExactly("where is my order?", "You said: where is my order?");
    assertThat(app.activity.kinds(chat.id())).containsExactly("opened", "turn");
    assertThat(app.notices.published).containsExactly(ChatEvent.messages(app.tenantId, chat.id(), 2));
    assertThat(app.outbox.enqueued).isEmpty();
  }

  @Test
  void opening_is_dispatched_as_an_activity_entry_with_the_channel_and_agent() {
    ChatSession chat = app.open(null);
    assertThat(app.activity.entries).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo("opened");
      assertThat(e.detail()).containsExactly(Map.entry("channel", "web"), Map.entry("agent_id", app.agentId.toString()));
      assertThat(e.chatId()).isEqualTo(chat.id());
    });
  }

  @Test
  void the_agent_finishing_ends_the_chat_once_with_one_completion_event_and_refuses_more_turns() {
    ChatSession chat = app.open(null);
    app.replies = request -> new LanguageModel.TextReply("Goodbye!", true);

    TurnResult result = say(chat, "bye", null);

    assertThat(result.isFinal()).isTrue();
    assertThat(result.finalReason()).isEqualTo("agent_finish");
    assertThat(app.outbox.enqueued).singleElement().satisfies(d -> {
      assertThat(d.chatId()).isEqualTo(chat.id());
      assertThat(d.url()).isEqualTo(TestApplication.HOOK);
      assertThat(d.eventType()).isEqualTo("chat.completed");
    });
    assertThat(app.activity.kinds(chat.id())).containsExactly("opened", "ended", "turn");
    assertThat(app.notices.published).containsExactly(ChatEvent.ended(app.tenantId, chat.id(), 2),
        ChatEvent.messages(app.tenantId, chat.id(), 2));
    assertThatThrownBy(() -> say(chat, "hello again", null)).isInstanceOf(SessionFinalException.class);
    assertThat(app.modelCalls).hasValue(1);
  }

  @Test
  void ending_twice_keeps_the_first_reason_and_enqueues_one_completion_event() {
    ChatSession chat = app.open(null);
    app.endChat.end(app.tenantId, chat.id(), FinalReason.USER_END, "the user left");
    ChatSession again = app.endChat.end(app.tenantId, chat.id(), FinalReason.ERROR, null);

    assertThat(again.finalReason()).contains(FinalReason.USER_END);
    assertThat(app.outbox.enqueued).hasSize(1);
    assertThat(app.activity.entries).filteredOn(e -> e.kind().equals("ended")).singleElement()
        .satisfies(e -> assertThat(e.detail()).containsExactly(Map.entry("reason", "user_end"), Map.entry("note", "the user left")));
  }

  @Test
  void a_retried_idempotency_key_replays_the_answer_without_asking_the_model_again() {
    ChatSession chat = app.open(null);
    TurnResult first = say(chat, "hello", "k-1");
    TurnResult retry = say(chat, "hello", "k-1");

    assertThat(retry.messages()).isEqualTo(first.messages());
    assertThat(app.modelCalls).hasValue(1);
    assertThat(app.sessions.transcript(chat.id())).hasSize(2);
    assertThatThrownBy(() -> say(chat, "something else", "k-1")).isInstanceOf(UnprocessableException.class)
        .hasMessageContaining("k-1");
  }

  @Test
  void a_model_that_cannot_answer_ends_the_chat_with_error_after_the_agents_limit() {
    ChatSession chat = app.open(null);
    app.replies = request -> {
      throw new LanguageModel.ModelUnavailableException("provider down", null);
    };
    say(chat, "one", null);
    say(chat, "two", null);
    TurnResult third = say(chat, "three", null);

    assertThat(third.isFinal()).isTrue();
    assertThat(third.finalReason()).isEqualTo("error");
    assertThat(app.outbox.enqueued).hasSize(1);
  }

  @Test
  void the_sweeper_ends_idle_chats_past_their_ttl_in_batches_and_leaves_the_others() {
    ChatSession idle1 = app.open(60);
    ChatSession idle2 = app.open(60);
    ChatSession idle3 = app.open(60);
    ChatSession forever = app.open(null);
    app.clock.advance(Duration.ofSeconds(61));

    assertThat(app.sweeper.sweep()).isEqualTo(3); // batch size 2: two batches
    assertThat(app.outbox.enqueued).extracting(d -> d.chatId()).containsExactlyInAnyOrder(idle1.id(), idle2.id(), idle3.id());
    assertThat(app.sessions.findHeader(app.tenantId, forever.id()).orElseThrow().isFinal()).isFalse();
    assertThat(app.sessions.findHeader(app.tenantId, idle1.id()).orElseThrow().finalReason()).isEqualTo(FinalReason.TTL);
    assertThat(app.sweeper.sweep()).isZero();
  }

  @Test
  void a_turn_without_content_is_refused_when_the_command_is_made() {
    ChatSession chat = app.open(null);
    assertThatThrownBy(() -> new SubmitTurnCommand(app.tenantId, chat.id(), "  ", null, null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("content");
    assertThat(app.modelCalls).hasValue(0);
  }

  @Test
  void a_chat_claimed_under_lease_after_it_ended_is_refused_as_ended_not_as_a_conflict() {
    ChatSession chat = app.open(null);
    ChatSession loaded = app.sessions.find(app.tenantId, chat.id()).orElseThrow();
    loaded.end(FinalReason.USER_END, TestApplication.T0);
    app.sessions.save(loaded);
    ChatUnderLease chats = new ChatUnderLease(app.sessions, app.notices, new InMemoryPorts.DirectUnitOfWork(), app.clock,
        app.ids, Duration.ofSeconds(1), Duration.ofSeconds(30));
    assertThatThrownBy(() -> chats.claim(app.tenantId, chat.id(), UUID.randomUUID(), false))
        .isInstanceOf(SessionFinalException.class).hasMessage("chat " + chat.id() + " has ended");
  }
}
