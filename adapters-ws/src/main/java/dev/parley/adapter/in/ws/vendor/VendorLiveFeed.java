package dev.parley.adapter.in.ws.vendor;

import dev.parley.adapter.in.ws.kernel.LiveCursor;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Messages of a {@code /ws/chat} socket's chat that the socket did not write itself — a REST turn, another socket,
 * another instance — shown as the socket's own turns look: {@code message_received} for a user message, {@code
 * tool_call} / {@code tool_result} for a tool round, and {@code message_stream_started}, one {@code
 * message_stream_token} and {@code message_stream_ended} for a reply, under the transcript's message ids. The
 * kernel's {@link LiveCursor} says how far the socket has seen; a reconnect with {@code last_seq} starts it there.
 * Runs on the socket's mailbox, except {@link #noticed}.
 */
final class VendorLiveFeed {
  private static final int BATCH = 200;

  private final VendorChatContext ctx;
  private final UUID tenantId;
  private final UUID chatId;
  private final Consumer<Map<String, Object>> out;
  private final LiveCursor cursor;

  VendorLiveFeed(VendorChatContext ctx, UUID tenantId, UUID chatId, int shown, Consumer<Map<String, Object>> out) {
    this.ctx = ctx;
    this.tenantId = tenantId;
    this.chatId = chatId;
    this.out = out;
    this.cursor = new LiveCursor(shown);
  }

  int shown() {
    return cursor.shown();
  }

  /** A notification: the transcript is {@code count} long. True when a catch-up is due (never waits on I/O). */
  boolean noticed(long count) {
    return cursor.noticed(count);
  }

  void ownTurnStarted() {
    cursor.ownTurnStarted();
  }

  /**
   * The socket's own turn committed: its user message stood at {@code userSeq} (-1: unknown), the transcript is
   * {@code count} long. Messages others committed just before it are shown now, then anything noticed meanwhile.
   */
  void ownTurnCommitted(int userSeq, int count) {
    if (userSeq > cursor.shown()) show(cursor.shown(), userSeq);
    if (userSeq >= 0) cursor.advanceTo(count);
    if (cursor.ownTurnEnded() || userSeq < 0) catchUp();
  }

  void ownTurnFailed() {
    if (cursor.ownTurnEnded()) catchUp();
  }

  /** Shows every transcript message after the cursor. */
  void catchUp() {
    while (true) {
      int from = cursor.shown();
      int shown = show(from, from + BATCH);
      if (shown < BATCH) return;
    }
  }

  /** Shows the messages from {@code from} up to (not including) {@code to}; answers how many there were. */
  private int show(int from, int to) {
    List<Message> batch = ctx.frames.transcriptFrom(tenantId, chatId, from, to - from);
    if (batch.isEmpty()) return 0;
    boolean chatFinal = isFinal();
    for (int i = 0; i < batch.size(); i++) {
      int seq = from + i;
      show(batch.get(i), ChatCodec.messageId(chatId, seq), chatFinal && i == batch.size() - 1);
    }
    cursor.advanceTo(from + batch.size());
    return batch.size();
  }

  private void show(Message m, String id, boolean endsChat) {
    if (m.role() == Role.USER) out.accept(ctx.codec.received(chatId, id, m.content(), null));
    else if (m.role() == Role.ASSISTANT && m.isToolTurn()) {
      for (ToolCall call : m.toolCalls()) {
        out.accept(ctx.codec.toolCall(chatId, id, call));
        out.accept(ctx.codec.toolResult(chatId, id, call));
      }
    } else if (m.role() == Role.OPERATOR) { // a person's words, shown like a reply but named (the agent's replies have no role)
      String name = m.author().name();
      out.accept(ctx.codec.byOperator(ctx.codec.about("message_stream_started", chatId, id), name));
      if (!m.content().isEmpty()) out.accept(ctx.codec.token(id, m.content(), 0));
      out.accept(ctx.codec.byOperator(ctx.codec.ended(chatId, id, m.content(), endsChat, endsChat ? "final" : "active", null), name));
    } else if (m.role() == Role.ASSISTANT) {
      out.accept(ctx.codec.about("message_stream_started", chatId, id));
      if (!m.content().isEmpty()) out.accept(ctx.codec.token(id, m.content(), 0));
      // the reason an ending chat gives comes with the chat_final error that follows (VendorChatConnection#checkEnded)
      out.accept(ctx.codec.ended(chatId, id, m.content(), endsChat, endsChat ? "final" : "active", null));
    }
  }

  private boolean isFinal() {
    List<WebChatRepository.ChatState> states = ctx.frames.states(List.of(new WebChatRepository.ChatRef(tenantId, chatId)));
    return !states.isEmpty() && states.get(0).isFinal();
  }
}
