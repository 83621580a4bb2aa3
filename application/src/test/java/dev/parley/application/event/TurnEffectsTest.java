package dev.parley.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.support.TestApplication;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A committed turn's activity entries come from the one dispatcher, {@link SessionEffects#turnEnded}; milliseconds. */
class TurnEffectsTest {
  private final TestApplication app = new TestApplication();

  private List<ActivityLog.NewEntry> entries(UUID chatId, String kind) {
    return app.activity.entries.stream().filter(e -> e.chatId().equals(chatId) && e.kind().equals(kind)).toList();
  }

  @Test
  void a_turn_is_recorded_after_its_messages_with_how_many_it_produced() {
    ChatSession chat = app.open(null);
    app.submitTurn.submit(new SubmitTurnCommand(app.tenantId, chat.id(), "hello", null, null));

    assertThat(entries(chat.id(), "turn")).singleElement().satisfies(e -> {
      assertThat(e.detail()).containsExactly(Map.entry("messages", 1));
      assertThat(e.tenantId()).isEqualTo(app.tenantId);
      assertThat(e.at()).isEqualTo(TestApplication.T0);
    });
  }

  @Test
  void a_turn_the_model_could_not_answer_is_recorded_with_its_error() {
    ChatSession chat = app.open(null);
    app.replies = request -> {
      throw new LanguageModel.ModelUnavailableException("provider down", null);
    };
    app.submitTurn.submit(new SubmitTurnCommand(app.tenantId, chat.id(), "hello", null, null));

    assertThat(entries(chat.id(), "turn")).singleElement()
        .satisfies(e -> assertThat(e.detail()).containsEntry("error", "provider down"));
    assertThat(entries(chat.id(), "turn_stopped")).isEmpty();
  }

  @Test
  void a_stopped_turn_also_says_how_many_messages_it_kept_and_a_resumed_one_names_its_approval() {
    UUID chat = UUID.randomUUID();
    UUID approval = UUID.randomUUID();
    List<Message> produced = List.of(Message.assistant("half an answer", TestApplication.T0));
    LinkedHashSet<String> unknown = new LinkedHashSet<>(List.of("order_id", "name"));

    app.effects.turnEnded(new SessionEffects.TurnEnded(app.tenantId, chat, produced, unknown, "cut off", approval, true,
        TestApplication.T0));

    assertThat(app.activity.kinds(chat)).containsExactly("turn", "turn_stopped");
    assertThat(entries(chat, "turn").get(0).detail()).containsExactly(Map.entry("messages", 1),
        Map.entry("unknown_variables", List.of("order_id", "name")), Map.entry("after_approval", approval.toString()),
        Map.entry("error", "cut off"));
    assertThat(entries(chat, "turn_stopped").get(0).detail()).containsExactly(Map.entry("messages_kept", 1));
  }
}
