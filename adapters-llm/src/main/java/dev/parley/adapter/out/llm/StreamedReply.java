package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel.ModelReply;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.application.port.out.LanguageModel.ToolCallsReply;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Accumulates the deltas of a streamed completion: text goes to the sink as it comes, tool calls are joined by index. */
final class StreamedReply {

  /** A tool call being assembled from fragments. */
  private static final class PartialCall {
    final StringBuilder id = new StringBuilder();
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();
  }

  private final Consumer<String> sink;
  private final StringBuilder content = new StringBuilder();
  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private Usage usage;
  private String model;

  StreamedReply(Consumer<String> sink) {
    this.sink = sink;
  }

  void accept(Object event) {
    // stream_options.include_usage: the last chunk carries the usage (and no choices)
    Usage reported = ChatReplies.usage(event);
    if (reported != null) usage = reported;
    String named = Json.string(event, "model");
    if (named != null && !named.isBlank()) model = named;
    Object delta = Json.at(event, "choices", 0, "delta");
    String text = Json.string(delta, "content");
    if (text != null && !text.isEmpty()) {
      content.append(text);
      sink.accept(text);
    }
    if (Json.at(delta, "tool_calls") instanceof List<?> fragments) {
      for (int position = 0; position < fragments.size(); position++) {
        Object fragment = fragments.get(position);
        // servers that send whole calls in one chunk sometimes omit the index; their position stands in for it
        int index = Json.at(fragment, "index") instanceof Number n ? n.intValue() : position;
        PartialCall call = calls.computeIfAbsent(index, i -> new PartialCall());
        if (call.id.length() == 0) append(call.id, Json.string(fragment, "id")); // ids are never split; some servers repeat them
        append(call.name, Json.string(fragment, "function", "name"));
        append(call.arguments, Json.string(fragment, "function", "arguments"));
      }
    }
  }

  ModelReply reply(ChatReplies replies) {
    LanguageModel.Metering metering = ChatReplies.metering(model, usage);
    if (calls.isEmpty()) return new TextReply(content.toString(), false, metering);
    List<ToolCall> result = new ArrayList<>();
    for (PartialCall call : calls.values())
      result.add(replies.toolCall(call.id.toString(), call.name.toString(), call.arguments.toString()));
    return new ToolCallsReply(result, metering);
  }

  private static void append(StringBuilder target, String piece) {
    if (piece != null) target.append(piece);
  }
}
