package dev.parley.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.ModelRequest;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AnalysisField;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.agent.ScriptRule.ToolInvocation;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScriptedLanguageModelTest {
  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");
  private static final ToolDefinition LOOKUP_ORDER = new ToolDefinition("lookupOrder", "Find an order", null, null);

  private final ScriptedLanguageModel model = new ScriptedLanguageModel();

  @Test
  void the_first_rule_whose_pattern_is_found_in_the_user_text_wins() {
    AgentDefinition agent = agent(new Script(List.of(
        new ScriptRule("price", null, "first", false),
        new ScriptRule("price|cost", null, "second", false)), null));

    assertThat(model.complete(request(agent, "what is the price today?"))).isEqualTo(new TextReply("first", false));
    assertThat(model.complete(request(agent, "what does it cost?"))).isEqualTo(new TextReply("second", false));
  }

  @Test
  void a_case_insensitive_flag_in_the_pattern_matches_any_case() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("(?i)\\bhello\\b", null, "Hi there", false)), null));

    assertThat(model.complete(request(agent, "HeLLo bot"))).isEqualTo(new TextReply("Hi there", false));
  }

  @Test
  void a_tool_rule_calls_the_tool_and_then_replies_with_the_tool_response() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("(?i)order",
        new ToolInvocation("lookupOrder", Map.of("id", "42")), "Your order status: {{tool.lookupOrder.status}}", false)), null));
    List<Message> history = new ArrayList<>(List.of(Message.user("Where is my order?", NOW)));

    ModelReply first = model.complete(new ModelRequest(agent, "", List.copyOf(history), Map.of()));

    assertThat(first).isInstanceOf(ToolCallsReply.class);
    ToolCall call = ((ToolCallsReply) first).calls().get(0);
    assertThat(call.id()).matches("call_[0-9a-f]+");
    assertThat(call.name()).isEqualTo("lookupOrder");
    assertThat(call.arguments()).isEqualTo(Map.of("id", "42"));

    history.add(Message.toolTurn(List.of(call.withResponse(Map.of("status", "shipped"))), NOW));
    Map<String, Object> variables = Map.of("tool", Map.of("lookupOrder", Map.of("status", "shipped")));
    ModelReply second = model.complete(new ModelRequest(agent, "", List.copyOf(history), variables));

    assertThat(second).isEqualTo(new TextReply("Your order status: shipped", false));
  }

  @Test
  void a_tool_response_in_the_history_renders_even_without_tool_variables() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("order",
        new ToolInvocation("lookupOrder", Map.of()), "Status: {{tool.lookupOrder.status}}", false)), null));
    List<Message> history = List.of(Message.user("my order", NOW),
        Message.toolTurn(List.of(new ToolCall("call_1", "lookupOrder", Map.of(), Map.of("status", "packed"))), NOW));

    assertThat(model.complete(new ModelRequest(agent, "", history, Map.of()))).isEqualTo(new TextReply("Status: packed", false));
  }

  @Test
  void a_tool_call_from_an_earlier_turn_does_not_stop_the_tool_being_called_again() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("order",
        new ToolInvocation("lookupOrder", Map.of()), "Status: {{tool.lookupOrder.status}}", false)), null));
    List<Message> history = List.of(Message.user("my order", NOW),
        Message.toolTurn(List.of(new ToolCall("call_1", "lookupOrder", Map.of(), Map.of("status", "packed"))), NOW),
        Message.assistant("Status: packed", NOW),
        Message.user("and my order now?", NOW));

    assertThat(model.complete(new ModelRequest(agent, "", history, Map.of()))).isInstanceOf(ToolCallsReply.class);
  }

  @Test
  void a_finish_rule_replies_and_ends_the_conversation() {
    AgentDefinition agent = agent(new Script(List.of(
        new ScriptRule("(?i)\\bbye\\b", null, "Goodbye!", true),
        new ScriptRule("(?i)stop", null, null, true),
        new ScriptRule("(?i)enough", new ToolInvocation(ToolDefinition.FINISH_THE_CONVERSATION, Map.of()), "Done.", false)), null));

    assertThat(model.complete(request(agent, "ok BYE"))).isEqualTo(new TextReply("Goodbye!", true));
    assertThat(model.complete(request(agent, "stop now"))).isEqualTo(new TextReply("", true));
    assertThat(model.complete(request(agent, "that's enough"))).isEqualTo(new TextReply("Done.", true));
  }

  @Test
  void no_matching_rule_renders_the_fallback_with_the_last_user_message() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("order", null, "x", false)), "You said: {{last_user_message}}"));

    assertThat(model.complete(request(agent, "something else"))).isEqualTo(new TextReply("You said: something else", false));
  }

  @Test
  void no_matching_rule_and_no_fallback_gives_the_default_apology() {
    AgentDefinition agent = agent(Script.EMPTY);

    assertThat(model.complete(request(agent, "hi"))).isEqualTo(new TextReply("I'm sorry, I didn't catch that.", false));
  }

  @Test
  void validate_reports_every_pattern_that_does_not_compile() {
    AgentDefinition agent = agent(new Script(List.of(
        new ScriptRule("(", null, "a", false),
        new ScriptRule("fine", null, "b", false),
        new ScriptRule("(?<=lookbehind)x", null, "c", false)), null));

    List<String> problems = model.validate(agent);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("/script/rules/0/match: rule 0's pattern '(' does not compile: ");
    assertThat(problems.get(1)).startsWith("/script/rules/2/match: rule 2's pattern '(?<=lookbehind)x' does not compile: ");
    assertThat(model.validate(agent(new Script(List.of(new ScriptRule("(?i)ok", null, "a", false)), null)))).isEmpty();
  }

  @Test
  void a_pathological_pattern_finishes_on_a_long_input_because_re2_is_linear() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("(a+)+$", null, "matched", false)), "no match"));

    assertThat(model.complete(request(agent, "a".repeat(50_000) + "b"))).isEqualTo(new TextReply("no match", false));
  }

  @Test
  void stream_emits_pieces_that_join_to_the_full_reply() {
    AgentDefinition agent = agent(new Script(List.of(), "You said:  {{last_user_message}} and more"));
    List<String> pieces = new ArrayList<>();

    ModelReply reply = model.stream(request(agent, "hello there"), pieces::add);

    assertThat(reply).isEqualTo(new TextReply("You said:  hello there and more", false));
    assertThat(pieces).hasSizeGreaterThan(1);
    assertThat(String.join("", pieces)).isEqualTo("You said:  hello there and more");
  }

  @Test
  void stream_sends_nothing_for_a_tool_call() {
    AgentDefinition agent = agent(new Script(List.of(new ScriptRule("order", new ToolInvocation("lookupOrder", null), "ok", false)), null));
    List<String> pieces = new ArrayList<>();

    assertThat(model.stream(request(agent, "order"), pieces::add)).isInstanceOf(ToolCallsReply.class);
    assertThat(pieces).isEmpty();
  }

  @Test
  void analyze_counts_the_messages_and_leaves_extraction_fields_empty() {
    AgentDefinition agent = new AgentDefinition("Bot", "p", null, null, Script.EMPTY, List.of(), null,
        List.of(new AnalysisField("email", "The user's email", "string")), null);
    List<Message> transcript = List.of(Message.assistant("Hello", NOW), Message.user("Hi", NOW),
        Message.assistant("How can I help?", NOW), Message.user("bye", NOW), Message.assistant("Goodbye!", NOW));

    Map<String, Object> analysis = model.analyze(agent, dev.parley.application.port.out.ModelRoute.NONE, transcript, "user_end").result();

    assertThat(analysis.get("summary")).isEqualTo("2 user messages, 3 assistant messages; first user message: 'Hi'; ended: user_end");
    assertThat(analysis).containsEntry("user_messages", 2L).containsEntry("assistant_messages", 3L)
        .containsEntry("first_user_message", "Hi").containsEntry("final_reason", "user_end");
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) analysis.get("fields");
    assertThat(fields).containsOnlyKeys("email").containsEntry("email", null);
  }

  private static AgentDefinition agent(Script script) {
    return new AgentDefinition("Support bot", "You help.", null, null, script, List.of(LOOKUP_ORDER), null, List.of(), null);
  }

  private static ModelRequest request(AgentDefinition agent, String userText) {
    return new ModelRequest(agent, "You help.", List.of(Message.user(userText, NOW)), Map.of("last_user_message", userText));
  }
}
