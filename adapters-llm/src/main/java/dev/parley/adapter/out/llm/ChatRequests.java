package dev.parley.adapter.out.llm;

import dev.parley.application.policy.WireNames;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Chat Completions request bodies: system prompt, history in the wire shape, tools, sampling settings. */
final class ChatRequests {
  private static final String TRANSFER_DESCRIPTION =
      "Hand the conversation over to a person. Call this when the user asks for a human or you cannot help further.";
  private static final String FINISH_DESCRIPTION =
      "End the conversation. Call this when the user is done or the conversation has reached its goal.";

  private final Json json;

  ChatRequests(Json json) {
    this.json = json;
  }

  Map<String, Object> chat(AgentDefinition agent, String model, String systemPrompt, List<Message> history, boolean stream) {
    Map<String, Object> body = base(agent.model(), model, messages(systemPrompt, history));
    body.put("tools", tools(agent));
    if (stream) {
      body.put("stream", true);
      body.put("stream_options", Map.of("include_usage", true)); // the usage arrives in a last chunk
    }
    return body;
  }

  /** A one-shot JSON-mode request with its own instructions, for post-call analysis. */
  Map<String, Object> jsonObject(ModelSettings settings, String model, String instructions, String input) {
    List<Map<String, Object>> messages = List.of(message("system", instructions), message("user", input));
    Map<String, Object> body = base(settings, model, messages);
    body.put("response_format", Map.of("type", "json_object"));
    return body;
  }

  private static Map<String, Object> base(ModelSettings settings, String model, List<Map<String, Object>> messages) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("messages", messages);
    if (settings.temperature() != null) body.put("temperature", settings.temperature());
    if (settings.maxTokens() != null) body.put("max_tokens", settings.maxTokens());
    return body;
  }

  List<Map<String, Object>> messages(String systemPrompt, List<Message> history) {
    List<Map<String, Object>> messages = new ArrayList<>();
    if (systemPrompt != null && !systemPrompt.isBlank()) messages.add(message("system", systemPrompt));
    for (Message m : history == null ? List.<Message>of() : history) {
      if (m.isToolTurn()) addToolTurn(messages, m);
      else messages.add(message(WireNames.of(m.role()), m.content()));
    }
    return messages;
  }

  /** One assistant message carrying the calls, then one tool message per call with its response. */
  private void addToolTurn(List<Map<String, Object>> messages, Message turn) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (ToolCall call : turn.toolCalls()) {
      calls.add(Map.of("id", call.id(), "type", "function",
          "function", Map.of("name", call.name(), "arguments", argumentsText(call.arguments()))));
    }
    Map<String, Object> assistant = new LinkedHashMap<>();
    assistant.put("role", "assistant");
    if (!turn.content().isEmpty()) assistant.put("content", turn.content());
    assistant.put("tool_calls", calls);
    messages.add(assistant);
    for (ToolCall call : turn.toolCalls()) {
      messages.add(Map.of("role", "tool", "tool_call_id", call.id(), "content",
          call.response() == null ? "null" : json.text(call.response())));
    }
  }

  /** Arguments the model sent as unparsable text are kept as that text, so the model sees what it wrote. */
  private String argumentsText(Object arguments) {
    if (arguments instanceof String raw) return raw;
    return json.text(arguments == null ? Map.of() : arguments);
  }

  List<Map<String, Object>> tools(AgentDefinition agent) {
    List<Map<String, Object>> tools = new ArrayList<>();
    for (ToolDefinition tool : agent.tools()) tools.add(function(tool.name(), tool.description(), tool.parameters()));
    if (agent.tool(ToolDefinition.FINISH_THE_CONVERSATION).isEmpty())
      tools.add(function(ToolDefinition.FINISH_THE_CONVERSATION, FINISH_DESCRIPTION,
          Map.of("type", "object", "properties", Map.of())));
    if (agent.tool(ToolDefinition.TRANSFER_TO_HUMAN).isEmpty())
      tools.add(function(ToolDefinition.TRANSFER_TO_HUMAN, TRANSFER_DESCRIPTION, Map.of("type", "object", "properties",
          Map.of("reason", Map.of("type", "string", "description", "Why a person is needed")))));
    return tools;
  }

  private static Map<String, Object> function(String name, String description, Map<String, Object> parameters) {
    return Map.of("type", "function", "function", Map.of("name", name, "description", description, "parameters", parameters));
  }

  private static Map<String, Object> message(String role, String content) {
    return Map.of("role", role, "content", content);
  }
}
