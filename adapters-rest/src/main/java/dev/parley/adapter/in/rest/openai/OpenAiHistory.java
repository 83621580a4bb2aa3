package dev.parley.adapter.in.rest.openai;

import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads an OpenAI conversation into Parley's messages. An assistant message with {@code tool_calls} and the {@code
 * tool} messages after it become one tool-turn (each call with the tool message's content as its response); system and
 * developer messages stay system messages, which the agent's prompt comes before. Bad input names its field.
 */
final class OpenAiHistory {
  private final JsonMapper json;

  OpenAiHistory(JsonMapper json) {
    this.json = json;
  }

  List<Message> messages(List<ChatCompletionRequest.InputMessage> input) {
    if (input == null || input.isEmpty())
      throw new InvalidValueException("messages", "messages must hold the conversation, ending with a user message");
    Instant now = Instant.now();
    List<Message> out = new ArrayList<>(input.size());
    Map<String, ToolCall> open = null; // the last assistant's calls, by id, waiting for their tool messages
    String openAt = null;
    for (int i = 0; i < input.size(); i++) {
      ChatCompletionRequest.InputMessage m = input.get(i);
      String field = "messages[" + i + "]";
      if (m == null) throw new InvalidValueException(field, field + " must not be null");
      String role = m.role() == null ? null : m.role().toLowerCase(Locale.ROOT);
      if ("tool".equals(role)) {
        if (open == null) throw new InvalidValueException(field + ".role", field + " is a tool message with no assistant tool_calls before it");
        ToolCall call = open.get(m.toolCallId());
        if (call == null) throw new InvalidValueException(field + ".tool_call_id", field + ".tool_call_id must name a call of "
            + openAt + ".tool_calls");
        open.put(m.toolCallId(), call.withResponse(parsed(text(field, m.content()))));
        out.set(out.size() - 1, Message.toolTurn(List.copyOf(open.values()), now));
        continue;
      }
      requireAnswered(open, openAt);
      open = null;
      if (role == null) throw new InvalidValueException(field + ".role", field + ".role is required (system, developer, user, assistant or tool)");
      switch (role) {
        case "system", "developer" -> out.add(new Message(Role.SYSTEM, text(field, m.content()), List.of(), now));
        case "user" -> out.add(Message.user(text(field, m.content()), now));
        case "assistant" -> {
          if (m.toolCalls() == null || m.toolCalls().isEmpty()) {
            out.add(Message.assistant(text(field, m.content()), now));
          } else {
            open = calls(field, m.toolCalls());
            openAt = field;
            out.add(Message.toolTurn(List.copyOf(open.values()), now));
          }
        }
        default -> throw new InvalidValueException(field + ".role", field + ".role must be system, developer, user, assistant "
            + "or tool, not '" + m.role() + "'");
      }
    }
    return out;
  }

  /** The client's tools, as tool definitions the agent may call (the client runs them). */
  static List<ToolDefinition> tools(List<ChatCompletionRequest.Tool> tools) {
    if (tools == null) return List.of();
    List<ToolDefinition> out = new ArrayList<>(tools.size());
    for (int i = 0; i < tools.size(); i++) {
      ChatCompletionRequest.Tool t = tools.get(i);
      String field = "tools[" + i + "]";
      if (t == null || t.function() == null)
        throw new InvalidValueException(field + ".function", field + ".function is required");
      if (t.type() != null && !"function".equals(t.type()))
        throw new InvalidValueException(field + ".type", field + ".type must be function, not '" + t.type() + "'");
      try {
        out.add(new ToolDefinition(t.function().name(), t.function().description(), t.function().parameters(), null));
      } catch (InvalidValueException e) {
        throw new InvalidValueException(field + ".function." + (e.field().endsWith("parameters") ? "parameters" : "name"),
            field + ": " + e.getMessage());
      }
    }
    return out;
  }

  private Map<String, ToolCall> calls(String field, List<ChatCompletionRequest.ToolCall> calls) {
    Map<String, ToolCall> byId = new LinkedHashMap<>();
    for (int j = 0; j < calls.size(); j++) {
      ChatCompletionRequest.ToolCall c = calls.get(j);
      String at = field + ".tool_calls[" + j + "]";
      if (c == null || c.function() == null) throw new InvalidValueException(at + ".function", at + ".function is required");
      if (c.id() == null || c.id().isBlank()) throw new InvalidValueException(at + ".id", at + ".id is required");
      if (c.function().name() == null || c.function().name().isBlank())
        throw new InvalidValueException(at + ".function.name", at + ".function.name is required");
      byId.put(c.id(), new ToolCall(c.id(), c.function().name(), parsed(c.function().arguments()), null));
    }
    return byId;
  }

  private static void requireAnswered(Map<String, ToolCall> open, String openAt) {
    if (open != null && open.values().stream().anyMatch(c -> c.response() == null))
      throw new InvalidValueException(openAt + ".tool_calls", "every call of " + openAt + ".tool_calls needs a tool message after it");
  }

  /** A message's text: a string, or the text parts of an array of content parts. */
  private static String text(String field, Object content) {
    if (content == null) return "";
    if (content instanceof String s) return s;
    if (content instanceof List<?> parts) {
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < parts.size(); k++) {
        if (!(parts.get(k) instanceof Map<?, ?> part) || !"text".equals(part.get("type")) || !(part.get("text") instanceof String t))
          throw new InvalidValueException(field + ".content[" + k + "]", field + ".content[" + k + "] must be a text part "
              + "({\"type\": \"text\", \"text\": ...}); this facade takes text only");
        text.append(t);
      }
      return text.toString();
    }
    throw new InvalidValueException(field + ".content", field + ".content must be a string or an array of text parts");
  }

  /** JSON text as its value (tool arguments and results are JSON for the agent); text that is no JSON stays text. */
  private Object parsed(String text) {
    if (text == null || text.isBlank()) return text == null ? Map.of() : text;
    try {
      return json.readValue(text, Object.class);
    } catch (IOException | RuntimeException e) {
      return text;
    }
  }
}
