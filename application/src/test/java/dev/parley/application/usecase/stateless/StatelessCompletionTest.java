package dev.parley.application.usecase.stateless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.in.StatelessTurnCommand;
import dev.parley.application.port.in.StatelessTurnCommand.InputMessage;
import dev.parley.application.port.in.StatelessTurnResult;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.support.TestApplication;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionFinalException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stateless completion over in-memory ports: the client owns the history, the server keeps the record. */
class StatelessCompletionTest {
  private final TestApplication app = new TestApplication();
  private final List<InputMessage> history = new ArrayList<>();

  private StatelessTurnResult turn(String content, String state, boolean finish) {
    history.add(new InputMessage("user", content, List.of(), null));
    StatelessTurnResult result = app.stateless.complete(new StatelessTurnCommand(app.tenantId, app.agentId, null,
        List.copyOf(history), state, Map.of(), finish));
    for (Message m : result.messages()) history.add(new InputMessage("assistant", m.content(), m.toolCalls(), m.time()));
    return result;
  }

  @Test
  void the_first_turn_opens_a_recorded_chat_and_later_turns_answer_from_the_clients_history() {
    StatelessTurnResult first = turn("hi", null, false);
    assertThat(first.messages()).extracting(Message::content).containsExactly("You said: hi");
    assertThat(first.state()).isNotNull();
    assertThat(app.sessions.transcript(first.chatId())).extracting(Message::content).containsExactly("hi", "You said: hi");
    assertThat(app.activity.entries).singleElement().satisfies(e -> assertThat(e.detail())
        .containsEntry("channel", "api").containsEntry("agent_id", app.agentId.toString()).containsEntry("stateless", true));

    List<Integer> seen = new ArrayList<>();
    app.replies = request -> {
      seen.add(request.history().size());
      return new LanguageModel.TextReply("and again", false);
    };
    StatelessTurnResult second = turn("more", first.state(), false);
    assertThat(second.chatId()).isEqualTo(first.chatId());
    assertThat(seen).containsExactly(3); // hi, the reply, more: the model saw the whole history
    assertThat(app.outbox.enqueued).isEmpty();
  }

  @Test
  void finishing_ends_the_chat_once_and_its_states_are_refused_after() {
    StatelessTurnResult first = turn("hi", null, false);
    StatelessTurnResult last = turn("that is all", first.state(), true);

    assertThat(last.isFinal()).isTrue();
    assertThat(last.state()).isNull();
    assertThat(app.outbox.enqueued).singleElement().satisfies(d -> assertThat(d.chatId()).isEqualTo(first.chatId()));
    assertThat(app.activity.entries).filteredOn(e -> e.kind().equals("ended")).singleElement()
        .satisfies(e -> assertThat(e.detail()).containsEntry("reason", "user_end")
            .containsEntry("note", "stateless conversation ended on turn 2"));
    assertThat(app.sessions.transcript(first.chatId())).hasSize(4);
    assertThatThrownBy(() -> turn("one more", first.state(), false)).isInstanceOf(SessionFinalException.class);
  }
}
