package dev.parley.adapter.in.ws.vendor;

import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One turn on {@code /ws/chat} as events, sent as the engine works: {@code message_received} when the turn has the
 * chat (its lease) and the model is about to be asked, {@code message_stream_started} at the reply's first token,
 * {@code message_stream_token} per piece the model writes, {@code tool_call} / {@code tool_result} for tool steps,
 * and — built by {@link #finish} from what was stored — {@code message_stream_ended}. Message ids are
 * {@code <chat_id>:<seq>}, the ids of {@code GET /api/v1/chats/{id}/messages}. Runs on the turn's thread only.
 */
final class VendorReplyStream implements TurnListener {
  private final VendorChatConnection connection;
  private final UUID chatId;
  private final String content;
  private final Map<String, Object> metadata;
  private int userPosition = -1;
  private int position = -1;
  private String streamId;
  private int tokens;

  VendorReplyStream(VendorChatConnection connection, UUID chatId, String content, Map<String, Object> metadata) {
    this.connection = connection;
    this.chatId = chatId;
    this.content = content;
    this.metadata = metadata;
  }

  @Override
  public boolean wantsTextDeltas() {
    return true;
  }

  @Override
  public void roundStarted(int position) {
    if (userPosition < 0) {
      userPosition = position - 1;
      Map<String, Object> received = event("message_received", id(userPosition));
      received.put("content", content);
      received.put("metadata", metadata);
      connection.send(received);
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
    Map<String, Object> e = event("tool_call", id(position));
    e.put("tool_call_id", call.id());
    e.put("name", call.name());
    e.put("arguments", call.arguments());
    connection.send(e);
  }

  @Override
  public void toolResult(ToolCall call) {
    Map<String, Object> e = event("tool_result", id(position));
    e.put("tool_call_id", call.id());
    e.put("name", call.name());
    e.put("result", call.response());
    connection.send(e);
  }

  /**
   * Sends what the stream still owes for the stored reply (its start, and the whole text as one token when the model
   * did not stream it, as with an apology after a provider failure) and answers {@code message_stream_ended}, which
   * the caller sends. The reply is the turn's last new message; its text there is the stored, authoritative one.
   */
  Map<String, Object> finish(TurnResult result) {
    List<Message> produced = result.messages();
    if (userPosition < 0 || produced.isEmpty()) { // not expected: every turn asks the model and answers something
      Map<String, Object> ended = event("message_stream_ended", null);
      ended.put("content", "");
      ended.put("is_final", result.isFinal());
      ended.put("status", result.status());
      ended.put("final_reason", result.finalReason());
      return ended;
    }
    Message reply = produced.get(produced.size() - 1);
    String replyId = id(userPosition + produced.size());
    if (streamId != null && !streamId.equals(replyId)) discard("this text is not part of the transcript");
    if (streamId == null) {
      start(replyId);
      if (!reply.content().isEmpty()) token(reply.content());
    }
    Map<String, Object> ended = event("message_stream_ended", replyId);
    ended.put("content", reply.content());
    ended.put("is_final", result.isFinal());
    ended.put("status", result.status());
    ended.put("final_reason", result.finalReason());
    return ended;
  }

  private void start(String messageId) {
    streamId = messageId;
    tokens = 0;
    connection.send(event("message_stream_started", messageId));
  }

  private void token(String piece) {
    Map<String, Object> e = connection.event("message_stream_token");
    e.put("message_id", streamId);
    e.put("token", piece);
    e.put("index", tokens++);
    connection.send(e);
  }

  private void discard(String reason) {
    Map<String, Object> e = event("message_stream_discarded", streamId);
    e.put("reason", reason);
    connection.send(e);
    streamId = null;
  }

  private Map<String, Object> event(String type, String messageId) {
    Map<String, Object> e = connection.event(type);
    e.put("message_id", messageId);
    e.put("chat_id", chatId.toString());
    return e;
  }

  private String id(int seq) {
    return chatId + ":" + seq;
  }
}
