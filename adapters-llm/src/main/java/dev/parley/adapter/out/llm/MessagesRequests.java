package dev.parley.adapter.out.llm;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Anthropic Messages API request bodies: the system prompt apart, history as content blocks (tool_use /
 * tool_result), tools as {name, description, input_schema}. Tool definitions come from {@link ChatRequests}.
 */
final class MessagesRequests {
  /** Stands before a history that opens with the agent (its greeting): the API wants the user to speak first. */
  static final String OPENING = "(The conversation opens.)";
  /** The Messages API requires max_tokens; an agent without one gets this. */
  static final int DEFAULT_MAX_TOKENS = 4096;

  private final Json json;
  private final ChatRequests chat;

  MessagesRequests(Json json) {
    this.json = json;
    this.chat = new ChatRequests(json);
  }

  Map<String, Object> chat(AgentDefinition agent, String model, String systemPrompt, List<Message> history, boolean stream) {
    List<String> system = new ArrayList<>();
    if (systemPrompt != null && !systemPrompt.isBlank()) system.add(systemPrompt);
    Map<String, Object> body = base(agent.model(), model, system, messages(system, history));
    body.put("tools", tools(agent));
    if (stream) body.put("stream", true);
    return body;
  }

  /** A one-shot request for post-call analysis (the Messages API has no JSON mode: the instructions ask for JSON). */
  Map<String, Object> analysis(ModelSettings settings, String model, String instructions, String input) {
    List<Map<String, Object>> messages = new ArrayList<>();
    messages.add(message("user", List.of(text(input))));
    return base(settings, model, List.of(instructions), messages);
  }

  private static Map<String, Object> base(ModelSettings settings, String model, List<String> system,
                                          List<Map<String, Object>> messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("max_tokens", settings.maxTokens() != null ? settings.maxTokens() : DEFAULT_MAX_TOKENS);
    if (!system.isEmpty()) body.put("system", String.join("\n\n", system));
    body.put("messages", messages);
    if (settings.temperature() != null) body.put("temperature", settings.temperature());
    return body;
  }

  /**
   * The history as alternating user/assistant messages: system lines join the system prompt (the API has no system
   * role), an operator spoke as the assistant, and neighbours of one role are merged into one message's blocks.
   */
  List<Map<String, Object>> messages(List<String> system, List<Message> history) {
    List<Map<String, Object>> messages = new ArrayList<>();
    for (Message m : history == null ? List.<Message>of() : history) {
      if (m.role() == Role.SYSTEM) {
        system.add(m.content());
      } else if (m.isToolTurn()) {
        List<Map<String, Object>> uses = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        if (!m.content().isEmpty()) uses.add(text(m.content()));
        for (ToolCall call : m.toolCalls()) {
          uses.add(Map.of("type", "tool_use", "id", call.id(), "name", call.name(), "input", input(call.arguments())));
          results.add(Map.of("type", "tool_result", "tool_use_id", call.id(),
              "content", call.response() == null ? "null" : json.text(call.response())));
        }
        add(messages, "assistant", uses);
        add(messages, "user", results);
      } else if (!m.content().isEmpty()) {
        add(messages, m.role() == Role.USER ? "user" : "assistant", List.of(text(m.content())));
      }
    }
    if (!messages.isEmpty() && !"user".equals(messages.get(0).get("role")))
      messages.add(0, message("user", List.of(text(OPENING))));
    return messages;
  }

  /** The API wants an object; arguments the model wrote as unparsable text are wrapped so it sees what it wrote. */
  private static Object input(Object arguments) {
    if (arguments instanceof Map<?, ?>) return arguments;
    return arguments == null ? Map.of() : Map.of("raw", arguments);
  }

  @SuppressWarnings("unchecked")
  private static void add(List<Map<String, Object>> messages, String role, List<Map<String, Object>> blocks) {
    Map<String, Object> last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (last != null && role.equals(last.get("role"))) ((List<Map<String, Object>>) last.get("content")).addAll(blocks);
    else messages.add(message(role, blocks));
  }

  private static Map<String, Object> message(String role, List<Map<String, Object>> blocks) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", role);
    message.put("content", new ArrayList<>(blocks));
    return message;
  }

  private static Map<String, Object> text(String text) {
    return Map.of("type", "text", "text", text);
  }

  /** The same tools (built-ins included) as Chat Completions, in the Messages shape. */
  List<Map<String, Object>> tools(AgentDefinition agent) {
    List<Map<String, Object>> tools = new ArrayList<>();
    for (Map<String, Object> tool : chat.tools(agent)) {
      Object function = tool.get("function");
      Map<String, Object> converted = new LinkedHashMap<>();
      converted.put("name", Json.at(function, "name"));
      if (Json.at(function, "description") != null) converted.put("description", Json.at(function, "description"));
      converted.put("input_schema", Json.at(function, "parameters"));
      tools.add(converted);
    }
    return tools;
  }
}
