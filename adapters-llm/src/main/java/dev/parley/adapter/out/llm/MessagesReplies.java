package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a whole Messages API response into the port's reply; tool-call helpers are shared with {@link ChatReplies}. */
final class MessagesReplies {
  private final Json json;
  private final ChatReplies chat;

  MessagesReplies(Json json) {
    this.json = json;
    this.chat = new ChatReplies(json);
  }

  ChatReplies chat() {
    return chat;
  }

  ModelReply fromMessage(String body) {
    Object response = chat.parse(body);
    if (!(Json.at(response, "content") instanceof List<?> blocks)) {
      String error = Json.string(response, "error", "message");
      throw new ModelUnavailableException("the model endpoint sent a response without content"
          + (error == null ? "" : ": " + error), null);
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (Object block : blocks) {
      String type = Json.string(block, "type");
      if ("text".equals(type) && Json.string(block, "text") != null) text.append(Json.string(block, "text"));
      if ("tool_use".equals(type)) {
        Object input = Json.at(block, "input");
        calls.add(chat.toolCall(Json.string(block, "id"), Json.string(block, "name"),
            input == null ? null : json.text(input)));
      }
    }
    var metering = ChatReplies.metering(Json.string(response, "model"), usage(Json.at(response, "usage")));
    if (!calls.isEmpty()) return new ToolCallsReply(calls, metering);
    return new TextReply(text.toString(), false, metering);
  }

  /**
   * The Messages usage object as the port counts it: the API's input_tokens leave out tokens read from or written to
   * the prompt cache, the port's input includes them (and counts the cache reads as cached).
   */
  static Usage usage(Object usage) {
    if (!(usage instanceof Map)) return null;
    long cached = ChatReplies.count(Json.at(usage, "cache_read_input_tokens"));
    long written = ChatReplies.count(Json.at(usage, "cache_creation_input_tokens"));
    return new Usage(ChatReplies.count(Json.at(usage, "input_tokens")) + cached + written,
        ChatReplies.count(Json.at(usage, "output_tokens")), cached);
  }
}
