package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Turns Chat Completions responses (whole or streamed) into the port's replies. */
final class ChatReplies {
  private final Json json;
  private final SecureRandom random = new SecureRandom();

  ChatReplies(Json json) {
    this.json = json;
  }

  ModelReply fromCompletion(String body) {
    Object response = parse(body);
    Object message = Json.at(response, "choices", 0, "message");
    if (!(message instanceof Map)) throw malformed(response, "a response without choices[0].message");
    List<ToolCall> calls = new ArrayList<>();
    if (Json.at(message, "tool_calls") instanceof List<?> toolCalls) {
      for (Object call : toolCalls)
        calls.add(toolCall(Json.string(call, "id"), Json.string(call, "function", "name"), Json.string(call, "function", "arguments")));
    }
    LanguageModel.Metering metering = metering(Json.string(response, "model"), usage(response));
    if (!calls.isEmpty()) return new ToolCallsReply(calls, metering);
    String content = Json.string(message, "content");
    return new TextReply(content == null ? "" : content, false, metering);
  }

  /** Null when the endpoint said neither (the router names the connection and the model asked). */
  static LanguageModel.Metering metering(String model, Usage usage) {
    return model == null && usage == null ? null : new LanguageModel.Metering(null, model, usage);
  }

  /** The {@code usage} object of a response or of a stream's last chunk; null when the endpoint sent none. */
  static Usage usage(Object response) {
    Object usage = Json.at(response, "usage");
    if (!(usage instanceof Map)) return null;
    return new Usage(count(Json.at(usage, "prompt_tokens")), count(Json.at(usage, "completion_tokens")),
        count(Json.at(usage, "prompt_tokens_details", "cached_tokens")));
  }

  static long count(Object n) {
    return n instanceof Number number && number.longValue() > 0 ? number.longValue() : 0;
  }

  /** One parsed server-sent event's JSON, or an exception when the endpoint reports an error mid-stream. */
  Object streamEvent(String data) {
    Object event = parse(data);
    if (Json.at(event, "error") != null) throw malformed(event, "an error event");
    return event;
  }

  ToolCall toolCall(String id, String name, String arguments) {
    if (name == null || name.isBlank()) throw new ModelUnavailableException("the model sent a tool call without a function name", null);
    return new ToolCall(id == null || id.isBlank() ? newCallId() : id, name, arguments(arguments), null);
  }

  /** Arguments arrive as a JSON string; text that does not parse is kept raw rather than failing the turn. */
  Object arguments(String text) {
    if (text == null || text.isBlank()) return Map.of();
    try {
      return json.parse(text);
    } catch (IOException | RuntimeException e) {
      return text;
    }
  }

  Object parse(String body) {
    try {
      return json.parse(body);
    } catch (IOException | RuntimeException e) {
      throw new ModelUnavailableException("the model endpoint answered with invalid JSON", e);
    }
  }

  private static ModelUnavailableException malformed(Object response, String what) {
    String error = Json.string(response, "error", "message");
    if (error == null) error = Json.string(response, "error");
    return new ModelUnavailableException("the model endpoint sent " + what + (error == null ? "" : ": " + error), null);
  }

  private String newCallId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return "call_" + HexFormat.of().formatHex(bytes);
  }
}
