package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.WebChatRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A web chat's frame numbering: every frame takes the conversation's next {@code seq} and is written to the frame
 * log before it goes out. Used only from its {@link ChatLine}'s queue, one task at a time, so it needs no lock.
 */
final class LineFrames {
  private static final Logger LOG = LoggerFactory.getLogger(LineFrames.class);

  /** What a batch did to the delivery cursor: moved with the frames, left where it was, or still to be stored. */
  enum Cursor { MOVED, UNCHANGED, TO_MARK }

  /** A batch's frames in the order they go out, and what became of the cursor. */
  record Batch(List<String> wires, Cursor cursor) {}

  private final WebCallContext ctx;
  private final UUID tenantId;
  private final UUID chatId;
  private long seq;

  LineFrames(WebCallContext ctx, UUID tenantId, UUID chatId, long lastSeq) {
    this.ctx = ctx;
    this.tenantId = tenantId;
    this.chatId = chatId;
    this.seq = lastSeq;
  }

  /** Numbering goes on above {@code minSeq} (frames a socket sent before it was bound, or logged elsewhere). */
  void atLeast(long minSeq) {
    seq = Math.max(seq, minSeq);
  }

  /** Numbers and logs one frame; answers it as the client receives it. A log failure is logged, and it goes anyway. */
  String number(Frame frame) {
    long next = seq + 1;
    Instant at = ctx.clock.now();
    String wire = ctx.json.write(frame.wire(next, at));
    try {
      for (int attempt = 0; ; attempt++) {
        if (ctx.frames.append(tenantId, chatId, next, ctx.json.write(frame.stored(next, at)), frame.replayable())) break;
        // Another instance wrote this seq (a socket of the same chat elsewhere): move past what it wrote.
        next = Math.max(next, ctx.frames.lastSeq(tenantId, chatId)) + 1;
        wire = ctx.json.write(frame.wire(next, at));
        if (attempt >= 3) break;
      }
    } catch (RuntimeException e) {
      LOG.warn("web chat {}: frame {} not logged, sent anyway: {}", chatId, next, e.getMessage());
    }
    seq = next;
    return wire;
  }

  /**
   * Numbers several frames and moves the stored cursor to {@code count} in the same commit: a turn's replies cost one
   * commit, not one per frame and one for the cursor. If another instance took one of the seqs meanwhile (a takeover
   * in progress), the frames written go first and the others are numbered again ({@link Cursor#TO_MARK}: the cursor
   * moves only after them, never past a frame not yet logged).
   */
  Batch numberMarkingSent(List<Frame> frames, int count) {
    Instant at = ctx.clock.now();
    long first = seq + 1;
    List<WebChatRepository.LoggedFrame> logged = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++)
      logged.add(new WebChatRepository.LoggedFrame(first + i, ctx.json.write(frames.get(i).stored(first + i, at)), frames.get(i).replayable()));
    List<String> wires = new ArrayList<>(frames.size());
    Set<Long> taken;
    try {
      taken = ctx.frames.appendMarkingSent(tenantId, chatId, logged, count);
    } catch (RuntimeException e) {
      // Sent anyway, as number() does; the stored cursor did not move, so neither does the line's: a later catch-up
      // sends these messages again rather than never.
      LOG.warn("web chat {}: frames {}..{} not logged, sent anyway: {}", chatId, first, first + frames.size() - 1, e.getMessage());
      seq += frames.size();
      for (int i = 0; i < frames.size(); i++) wires.add(ctx.json.write(frames.get(i).wire(first + i, at)));
      return new Batch(wires, Cursor.UNCHANGED);
    }
    seq += frames.size();
    List<Frame> renumber = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (taken.contains(first + i)) renumber.add(frames.get(i));
      else wires.add(ctx.json.write(frames.get(i).wire(first + i, at)));
    }
    for (Frame f : renumber) wires.add(number(f));
    return new Batch(wires, renumber.isEmpty() ? Cursor.MOVED : Cursor.TO_MARK);
  }
}
