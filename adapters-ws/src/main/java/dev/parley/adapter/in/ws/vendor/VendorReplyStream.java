package dev.parley.adapter.in.ws.vendor;

import dev.parley.application.port.in.TurnResult;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One turn on {@code /ws/chat} as events, sent as the engine reports through its {@link dev.parley.application.port.out.TurnListener}
 * port: {@code message_received} when the turn has the chat (its lease) and the model is about to be asked,
 * {@code message_stream_started} at the reply's first token, {@code message_stream_token} per piece the model writes,
 * {@code tool_call} / {@code tool_result} for tool steps, and — built by {@link #finish} from what was stored —
 * {@code message_stream_ended}. Runs on the turn's thread only.
 */
final class VendorReplyStream implements dev.parley.application.port.out.TurnListener {
  private final ChatCodec codec;
  private final Consumer<Map<String, Object>> out;
  private final UUID chatId;
  private final String content;
  private final Map<String, Object> metadata;
  private int userPosition = -1;
  private int position = -1;
  private String streamId;
  private int tokens;

  VendorReplyStream(ChatCodec codec, Consumer<Map<String, Object>> out, UUID chatId, String content, Map<String, Object> metadata) {
    this.codec = codec;
    this.out = out;
    this.chatId = chatId;
    this.content = content;
    this.metadata = metadata;
  }

  /** Where the user's message stands in the transcript, once the turn started (-1 before). */
  int userPosition() {
    return userPosition;
  }

  @Override
  public boolean wantsTextDeltas() {
    return true;
  }

  @Override
  public void roundStarted(int position) {
    if (userPosition < 0) {
      userPosition = position - 1;
      out.accept(codec.received(chatId, id(userPosition), content, metadata));
    }
    this.position = position;
  }

  @Override
  public void textDelta(String delta) {
    if (delta == null || delta.isEmpty()) return;
    if (streamId == null) start(id(position));
    token(delta);
  }

  @Override
  public void toolCall(ToolCall call) {
    // Text the model wrote before deciding to call tools is not kept in the transcript (the tool turn has no text).
    if (streamId != null) discard("the model went on to call tools; this text is not part of the transcript");
    out.accept(codec.toolCall(chatId, id(position), call));
  }

  @Override
  public void toolResult(ToolCall call) {
    out.accept(codec.toolResult(chatId, id(position), call));
  }

  /**
   * Sends what the stream still owes for the stored reply (its start, and the whole text as one token when the model
   * did not stream it, as with an apology after a provider failure) and answers {@code message_stream_ended}, which
   * the caller sends. The reply is the turn's last new message; its text there is the stored, authoritative one.
   */
  Map<String, Object> finish(TurnResult result) {
    List<Message> produced = result.messages();
    if (userPosition < 0 || produced.isEmpty()) // not expected: every turn asks the model and answers something
      return codec.ended(chatId, null, "", result.isFinal(), result.status(), result.finalReason());
    Message reply = produced.get(produced.size() - 1);
    String replyId = id(userPosition + produced.size());
    if (streamId != null && !streamId.equals(replyId)) discard("this text is not part of the transcript");
    if (streamId == null) {
      start(replyId);
      if (!reply.content().isEmpty()) token(reply.content());
    }
    return codec.ended(chatId, replyId, reply, result.isFinal(), result.status(), result.finalReason());
  }

  private void start(String messageId) {
    streamId = messageId;
    tokens = 0;
    out.accept(codec.about("message_stream_started", chatId, messageId));
  }

  private void token(String piece) {
    out.accept(codec.token(streamId, piece, tokens++));
  }

  private void discard(String reason) {
    Map<String, Object> e = codec.about("message_stream_discarded", chatId, streamId);
    e.put("reason", reason);
    out.accept(e);
    streamId = null;
  }

  private String id(int seq) {
    return ChatCodec.messageId(chatId, seq);
  }
}
