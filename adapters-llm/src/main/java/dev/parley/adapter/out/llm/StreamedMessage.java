package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Accumulates a streamed Messages API reply: text deltas go to the sink as they come; a tool_use block's input is
 * joined from its input_json_delta pieces; usage comes in message_start (input) and message_delta (output so far).
 */
final class StreamedMessage {

  /** A tool_use block being assembled. */
  private record PartialCall(String id, String name, StringBuilder input) {}

  private final Consumer<String> sink;
  private final StringBuilder content = new StringBuilder();
  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private Usage started;
  private long output;
  private String model;
  private boolean stopped;

  StreamedMessage(Consumer<String> sink) {
    this.sink = sink;
  }

  boolean stopped() {
    return stopped;
  }

  void accept(Object event) {
    String type = Json.string(event, "type");
    if (type == null) return;
    switch (type) {
      case "message_start" -> {
        Object message = Json.at(event, "message");
        model = Json.string(message, "model");
        started = MessagesReplies.usage(Json.at(message, "usage"));
        if (started != null) output = started.outputTokens();
      }
      case "content_block_start" -> {
        Object block = Json.at(event, "content_block");
        if ("tool_use".equals(Json.string(block, "type")))
          calls.put(index(event), new PartialCall(Json.string(block, "id"), Json.string(block, "name"), new StringBuilder()));
        else text(Json.string(block, "text"));
      }
      case "content_block_delta" -> {
        Object delta = Json.at(event, "delta");
        String kind = Json.string(delta, "type");
        if ("text_delta".equals(kind)) text(Json.string(delta, "text"));
        PartialCall call = calls.get(index(event));
        if ("input_json_delta".equals(kind) && call != null && Json.string(delta, "partial_json") != null)
          call.input().append(Json.string(delta, "partial_json"));
      }
      case "message_delta" -> { // output_tokens is cumulative; the last one counts
        if (Json.at(event, "usage", "output_tokens") instanceof Number n) output = Math.max(0, n.longValue());
      }
      case "message_stop" -> stopped = true;
      default -> { } // ping, content_block_stop and event types added later
    }
  }

  ModelReply reply(ChatReplies replies) {
    Usage usage = started == null && output == 0 ? null : new Usage(started == null ? 0 : started.inputTokens(), output,
        started == null ? 0 : started.cachedInputTokens());
    var metering = ChatReplies.metering(model, usage);
    if (calls.isEmpty()) return new TextReply(content.toString(), false, metering);
    List<ToolCall> result = new ArrayList<>();
    for (PartialCall call : calls.values()) result.add(replies.toolCall(call.id(), call.name(), call.input().toString()));
    return new ToolCallsReply(result, metering);
  }

  private void text(String piece) {
    if (piece == null || piece.isEmpty()) return;
    content.append(piece);
    sink.accept(piece);
  }

  private static int index(Object event) {
    return Json.at(event, "index") instanceof Number n ? n.intValue() : 0;
  }
}
