package dev.parley.adapter.in.ws;

import dev.parley.adapter.in.ws.kernel.LiveCursor;
import dev.parley.domain.session.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A web chat's live-delivery cursor: how many transcript messages were turned into frames. Messages written
 * elsewhere — a REST turn, a turn on another instance — are read after the cursor and sent as the socket's own turns
 * are; the cursor is stored, so a resume on any instance goes on from there.
 *
 * <p>Its work runs on its {@link ChatLine}'s queue. Only {@link #noticed} runs on the event thread: the kernel's
 * {@link LiveCursor} decides from memory whether a notification needs a catch-up at all.
 */
final class DeliveryCursor {
  private static final int CATCH_UP_BATCH = 200;

  private final WebCallContext ctx;
  private final UUID tenantId;
  private final UUID chatId;
  private final LineFrames frames;
  private final Consumer<String> out;
  private final LiveCursor live;

  DeliveryCursor(WebCallContext ctx, UUID tenantId, UUID chatId, LineFrames frames, Consumer<String> out, int messagesSent) {
    this.ctx = ctx;
    this.tenantId = tenantId;
    this.chatId = chatId;
    this.frames = frames;
    this.out = out;
    this.live = new LiveCursor(messagesSent);
  }

  int messagesSent() {
    return live.shown();
  }

  /** The transcript is {@code count} long (a notification): true when a catch-up is due now. Never waits on I/O. */
  boolean noticed(long count) {
    return live.noticed(count);
  }

  void ownTurnStarted() {
    live.ownTurnStarted();
  }

  /** An own turn is over (its commit handled): sends what was noticed meanwhile and is not out yet. */
  void ownTurnEnded() {
    if (live.ownTurnEnded()) catchUp();
  }

  /** Sends {@code messages}, which start at transcript seq {@code fromSeq}, unless the cursor is elsewhere: then reads the transcript. */
  void deliver(int fromSeq, List<Message> messages) {
    if (fromSeq != live.shown()) catchUp();
    else if (!messages.isEmpty()) show(framesOf(messages), fromSeq + messages.size());
  }

  /** Sends every transcript message after the cursor, a batch per commit; answers how many. */
  int catchUp() {
    int from = live.shown();
    int at = from;
    while (true) {
      List<Message> batch = ctx.frames.transcriptFrom(tenantId, chatId, at, CATCH_UP_BATCH);
      if (!batch.isEmpty() && !show(framesOf(batch), at + batch.size())) break;
      at += batch.size();
      if (batch.size() < CATCH_UP_BATCH) break;
    }
    return at - from;
  }

  /**
   * The socket's own turn committed messages {@code firstSeq .. messageCount - 1}: its echo and tool steps are out
   * already, so only its {@code replies} are sent, after anything others committed before it.
   */
  void ownTurnCommitted(int firstSeq, int messageCount, List<Message> replies) {
    int shown = live.shown();
    if (firstSeq < 0 || shown > firstSeq) { // unknown position, or a catch-up got there first
      catchUp();
      return;
    }
    List<Frame> out = shown < firstSeq ? framesOf(ctx.frames.transcriptFrom(tenantId, chatId, shown, firstSeq - shown)) : new ArrayList<>();
    for (Message m : replies) if (!m.isToolTurn() && !m.content().isEmpty()) out.add(WebCallCodec.assistantText(m));
    int count = Math.max(messageCount, shown);
    if (!out.isEmpty() || count > shown) show(out, count);
  }

  /**
   * Inside the socket's own turn's transaction (the user's message at transcript seq {@code firstSeq}, the turn's
   * messages up to {@code messageCount - 1}): logs the echo sent unlogged, the replies and anything others committed
   * before it, and stores the cursor — all in the turn's commit. Answers what to do once it committed: send them.
   */
  Runnable ownTurnWithin(int firstSeq, int messageCount, List<Message> replies) {
    int shown = live.shown();
    if (shown > firstSeq) return this::catchUp; // a catch-up got there first
    List<Frame> list = shown < firstSeq ? framesOf(ctx.frames.transcriptFrom(tenantId, chatId, shown, firstSeq - shown)) : new ArrayList<>();
    for (Message m : replies) if (!m.isToolTurn() && !m.content().isEmpty()) list.add(WebCallCodec.assistantText(m));
    int count = Math.max(messageCount, shown);
    if (list.isEmpty() && count == shown && !frames.hasUnlogged()) return () -> { };
    LineFrames.Batch batch = frames.numberWithinCommit(list, count);
    if (batch.cursor() == LineFrames.Cursor.TO_MARK) ctx.frames.markMessagesSent(tenantId, chatId, count); // after the renumbered frames
    return () -> {
      frames.committed();
      batch.wires().forEach(out);
      live.advanceTo(count);
    };
  }

  /**
   * Logs {@code list} and stores the cursor at {@code count} in one commit, then sends: the cursor is stored before
   * the client sees the frames, so a resume elsewhere never shows them twice. False when the log could not be written
   * (sent anyway; the cursor stays, so a later catch-up sends these messages again rather than never).
   */
  private boolean show(List<Frame> list, int count) {
    LineFrames.Batch batch = frames.numberMarkingSent(list, count);
    batch.wires().forEach(out);
    switch (batch.cursor()) {
      case MOVED -> live.advanceTo(count);
      case TO_MARK -> advance(count);
      case UNCHANGED -> {
        return false;
      }
    }
    return true;
  }

  private static List<Frame> framesOf(List<Message> messages) {
    List<Frame> list = new ArrayList<>();
    for (Message m : messages) list.addAll(WebCallCodec.framesOf(m));
    return list;
  }

  private void advance(int count) {
    if (live.advanceTo(count)) ctx.frames.markMessagesSent(tenantId, chatId, count);
  }
}
