package dev.parley.application.usecase.stateless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.in.AgentChatCommand;
import dev.parley.application.port.in.AgentChatResult;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.support.TestApplication;
import dev.parley.application.turn.SpendCapCheck;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible facade's runs over in-memory ports: client tools end the run, nothing is stored. */
class CompleteAgentChatTest {
  private final TestApplication app = new TestApplication();
  private final CompleteAgentChat chat = new CompleteAgentChat(app.agents, app.engine, SpendCapCheck.NONE, Limits.DEFAULTS);
  private final ToolDefinition weather = new ToolDefinition("get_weather", "The weather", null, null);

  @Test
  void a_call_of_a_client_tool_ends_the_run_unanswered_and_its_result_continues_it() {
    List<Integer> seen = new ArrayList<>();
    app.replies = request -> {
      seen.add(request.history().size());
      Message last = request.history().get(request.history().size() - 1);
      return last.isToolTurn() ? new LanguageModel.TextReply("It is " + ((Map<?, ?>) last.toolCalls().get(0).response()).get("t"), false)
          : new LanguageModel.ToolCallsReply(List.of(new ToolCall("call_1", "get_weather", Map.of("city", "Paris"), null)));
    };
    List<ToolCall> heard = new ArrayList<>();
    TurnListener listener = new TurnListener() {
      @Override
      public void toolCall(ToolCall call) {
        heard.add(call);
      }
    };
    Message question = Message.user("weather?", TestApplication.T0);
    AgentChatResult first = chat.complete(new AgentChatCommand(app.tenantId, app.agentId, List.of(question), List.of(weather)), listener);

    assertThat(first.clientCalls()).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("get_weather"));
    assertThat(first.clientCalls().get(0).response()).isNull();
    assertThat(first.reply()).isNull();
    assertThat(heard).hasSize(1);
    assertThat(app.modelCalls).hasValue(1); // the run stopped: the model was not asked again without the result

    Message answered = Message.toolTurn(List.of(first.clientCalls().get(0).withResponse(Map.of("t", 21))), TestApplication.T0);
    AgentChatResult second = chat.complete(new AgentChatCommand(app.tenantId, app.agentId, List.of(question, answered),
        List.of(weather)), TurnListener.NONE);
    assertThat(second.reply()).isEqualTo("It is 21");
    assertThat(second.clientCalls()).isEmpty();
    assertThat(seen).containsExactly(1, 2);
    assertThat(app.activity.entries).as("no chat, so no activity").isEmpty();
    assertThat(app.outbox.enqueued).as("nor webhooks").isEmpty();
  }

  @Test
  void without_the_tool_in_the_request_the_call_is_answered_as_an_error_and_the_run_goes_on() {
    app.replies = request -> request.history().get(request.history().size() - 1).isToolTurn()
        ? new LanguageModel.TextReply("no weather today", false)
        : new LanguageModel.ToolCallsReply(List.of(new ToolCall("call_1", "get_weather", Map.of(), null)));
    AgentChatResult result = chat.complete(new AgentChatCommand(app.tenantId, app.agentId,
        List.of(Message.user("weather?", TestApplication.T0)), List.of()), TurnListener.NONE);
    assertThat(result.reply()).isEqualTo("no weather today");
    assertThat(result.clientCalls()).isEmpty();
    assertThat(result.newMessages().get(0).toolCalls().get(0).response().toString()).contains("unknown tool");
  }

  @Test
  void an_unknown_agent_is_not_found_and_a_history_must_end_with_something_to_answer() {
    assertThatThrownBy(() -> chat.precheck(new AgentChatCommand(app.tenantId, UUID.randomUUID(),
        List.of(Message.user("hi", TestApplication.T0)), List.of()))).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> chat.precheck(new AgentChatCommand(app.tenantId, app.agentId,
        List.of(Message.assistant("hello", TestApplication.T0)), List.of()))).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("last message");
    assertThatThrownBy(() -> chat.precheck(new AgentChatCommand(app.tenantId, app.agentId, List.of(), List.of())))
        .isInstanceOf(InvalidValueException.class);
  }
}
