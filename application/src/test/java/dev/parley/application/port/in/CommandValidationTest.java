package dev.parley.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.error.InvalidStateException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.policy.ApiKeyScope;
import dev.parley.application.port.in.DecideToolApprovalUseCase.Decision;
import dev.parley.application.port.in.ManageApiKeysUseCase.IssueKeyCommand;
import dev.parley.application.port.in.StatelessTurnCommand.InputMessage;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Each inbound command refuses, when it is made, what is wrong whatever the configuration, naming the field as the
 * adapters report it (a 400 problem's pointer); nothing reaches a use case. Plain records: milliseconds.
 */
class CommandValidationTest {
  private static final UUID TENANT = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID CHAT = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  private static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable making, String field) {
    return assertThatThrownBy(making).isInstanceOfSatisfying(InvalidValueException.class,
        e -> assertThat(e.field()).isEqualTo(field));
  }

  private SubmitTurnCommand turn(String content, String key, String onBusy) {
    return new SubmitTurnCommand(TENANT, CHAT, content, key, null, onBusy);
  }

  @Test
  void submit_turn_needs_text() {
    refused(() -> turn(null, null, null), "content").hasMessage("content must not be empty");
    refused(() -> turn(" \n", null, null), "content").hasMessage("content must not be empty");
  }

  @Test
  void submit_turn_refuses_text_postgresql_cannot_hold() {
    refused(() -> turn("a\u0000b", null, null), "/content");
    refused(() -> turn("lone \uD800 surrogate", null, null), "/content");
  }

  @Test
  void submit_turn_knows_the_busy_policies_only() {
    refused(() -> turn("hi", null, "queue"), "on_busy");
    for (String policy : List.of("enqueue", "reject", "interrupt")) assertThatCode(() -> turn("hi", null, policy)).doesNotThrowAnyException();
  }

  @Test
  void submit_turn_bounds_the_idempotency_key() {
    assertThatCode(() -> turn("hi", "k".repeat(128), null)).doesNotThrowAnyException();
    refused(() -> turn("hi", "k".repeat(129), null), "idempotency_key")
        .hasMessage("idempotency_key must be at most 128 characters");
  }

  @Test
  void submit_turn_needs_its_ids() {
    assertThatThrownBy(() -> new SubmitTurnCommand(TENANT, null, "hi", null, null)).isInstanceOf(NullPointerException.class);
  }

  private OpenChatCommand open(String channel, Integer ttl, String userId, String title) {
    return new OpenChatCommand(TENANT, null, channel, null, ttl, null, userId, title, null);
  }

  @Test
  void open_chat_bounds_the_short_texts() {
    assertThatCode(() -> open("c".repeat(64), null, "u".repeat(256), "t".repeat(500))).doesNotThrowAnyException();
    refused(() -> open("c".repeat(65), null, null, null), "/channel").hasMessage("channel must be at most 64 characters");
    refused(() -> open(null, null, "u".repeat(257), null), "/user_id");
    refused(() -> open(null, null, null, "t".repeat(501)), "/title");
    refused(() -> open("web\u0000", null, null, null), "/channel");
  }

  @Test
  void open_chat_keeps_the_ttl_in_its_range() {
    refused(() -> open(null, 59, null, null), "ttl_seconds");
    refused(() -> open(null, 86_401, null, null), "ttl_seconds");
    assertThatCode(() -> open(null, 60, null, null)).doesNotThrowAnyException();
  }

  private static final UUID AGENT = UUID.fromString("00000000-0000-4000-8000-000000000003");

  private StatelessTurnCommand statelessTurn(UUID agentId, AgentDefinition inline, List<InputMessage> messages, String state) {
    return new StatelessTurnCommand(TENANT, agentId, inline, messages, state, null, false);
  }

  private InputMessage message(String role, String content) {
    return new InputMessage(role, content, null, null);
  }

  @Test
  void stateless_turn_needs_a_history_ending_with_the_users_text() {
    refused(() -> statelessTurn(AGENT, null, null, null), "messages");
    refused(() -> statelessTurn(AGENT, null, List.of(), null), "messages");
    refused(() -> statelessTurn(AGENT, null, List.of(message("user", "hi"), message("assistant", "hello")), null), "messages")
        .hasMessageContaining("role user");
    refused(() -> statelessTurn(AGENT, null, List.of(message("user", " ")), null), "messages")
        .hasMessage("the new user message must not be empty");
  }

  @Test
  void stateless_turn_names_the_message_at_fault() {
    List<InputMessage> withNull = new ArrayList<>(List.of(message("user", "hi")));
    withNull.add(0, null);
    refused(() -> statelessTurn(AGENT, null, withNull, null), "messages[0]");
    refused(() -> statelessTurn(AGENT, null, List.of(message("wizard", "abracadabra"), message("user", "hi")), null), "messages[0].role");
  }

  @Test
  void stateless_turn_takes_one_agent() {
    AgentDefinition inline = new AgentDefinition("inline", null, null, null, new Script(List.of(), "hello"), null, null,
        null, null);
    List<InputMessage> history = List.of(message("user", "hi"));
    refused(() -> statelessTurn(AGENT, inline, history, null), "agent").hasMessageContaining("not both");
    refused(() -> statelessTurn(null, null, history, null), "agent").hasMessageContaining("required");
    assertThatCode(() -> statelessTurn(null, inline, history, null)).doesNotThrowAnyException();
  }

  @Test
  void stateless_turn_refuses_an_empty_state() {
    assertThatThrownBy(() -> statelessTurn(AGENT, null, List.of(message("user", "hi")), "  "))
        .isInstanceOfSatisfying(InvalidStateException.class, e -> {
          assertThat(e.field()).isEqualTo("state");
          assertThat(e.code()).isEqualTo("state_malformed");
        });
  }

  private final UUID agent = UUID.fromString("00000000-0000-4000-8000-000000000004");

  @Test
  void agent_chat_needs_something_to_answer() {
    refused(() -> new AgentChatCommand(TENANT, agent, List.of(), List.of()), "messages");
    refused(() -> new AgentChatCommand(TENANT, agent, List.of(Message.assistant("hello", T0)), null), "messages")
        .hasMessageContaining("last message");
    ToolCall unanswered = new ToolCall("call_1", "get_weather", Map.of(), null);
    refused(() -> new AgentChatCommand(TENANT, agent, List.of(Message.user("hi", T0), Message.toolTurn(List.of(unanswered), T0)),
        null), "messages").hasMessageContaining("tool message");
    ToolCall answered = unanswered.withResponse("sunny");
    assertThatCode(() -> new AgentChatCommand(TENANT, agent, List.of(Message.user("hi", T0),
        Message.toolTurn(List.of(answered), T0)), null)).doesNotThrowAnyException();
  }

  @Test
  void agent_chat_offers_no_more_client_tools_than_an_agent_may_have() {
    List<ToolDefinition> tools = IntStream.rangeClosed(0, AgentDefinition.MAX_TOOLS)
        .mapToObj(i -> new ToolDefinition("tool_" + i, null, null, null)).toList();
    assertThatThrownBy(() -> new AgentChatCommand(TENANT, agent, List.of(Message.user("hi", T0)), tools))
        .isInstanceOfSatisfying(PayloadTooLargeException.class, e -> assertThat(e.field()).isEqualTo("tools"));
    assertThatCode(() -> new AgentChatCommand(TENANT, agent, List.of(Message.user("hi", T0)), tools.subList(0, AgentDefinition.MAX_TOOLS)))
        .doesNotThrowAnyException();
  }

  private final UUID approval = UUID.fromString("00000000-0000-4000-8000-000000000005");

  @Test
  void tool_approval_decision_is_approve_or_deny() {
    refused(() -> new Decision(TENANT, CHAT, approval, "maybe", null), "decision").hasMessage("decision must be approve or deny");
    refused(() -> new Decision(TENANT, CHAT, approval, null, null), "decision");
    assertThat(new Decision(TENANT, CHAT, approval, "deny", "not now").kind().name()).isEqualTo("DENY");
  }

  @Test
  void tool_approval_decision_bounds_the_reason() {
    refused(() -> new Decision(TENANT, CHAT, approval, "approve", "r".repeat(2001)), "reason")
        .hasMessage("reason must be at most 2000 characters");
    refused(() -> new Decision(TENANT, CHAT, approval, "approve", "a\u0000"), "/reason");
    assertThatCode(() -> new Decision(TENANT, CHAT, approval, "approve", "r".repeat(2000))).doesNotThrowAnyException();
  }

  @Test
  void issue_key_bounds_the_label_and_defaults_to_an_admin_key_without_one() {
    refused(() -> new IssueKeyCommand("l".repeat(201), null, null), "label").hasMessage("label must be at most 200 characters");
    IssueKeyCommand plain = new IssueKeyCommand(null, null, null);
    assertThat(plain.label()).isEmpty();
    assertThat(plain.scope()).isEqualTo(ApiKeyScope.ADMIN);
  }

  @Test
  void issue_key_names_an_operator_on_operator_keys_only() {
    Message.Author ann = new Message.Author("op-1", "Ann");
    refused(() -> new IssueKeyCommand("k", ApiKeyScope.READ, ann), "operator");
    refused(() -> new IssueKeyCommand("k", null, ann), "operator"); // no scope: an admin key
    assertThat(new IssueKeyCommand("k", ApiKeyScope.OPERATOR, ann).operator()).isEqualTo(ann);
  }

  @Test
  void create_web_integration_needs_its_agent() {
    assertThatThrownBy(() -> new CreateWebIntegrationCommand(TENANT, null, null, null, null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
