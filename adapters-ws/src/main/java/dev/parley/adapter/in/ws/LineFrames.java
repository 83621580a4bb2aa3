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
 * log before it goes out — except the echo of a user's message, which goes out at once and is logged with the turn's
 * own commit (docs/decisions/0019), or on its own if the turn does not commit. Used only from its {@link ChatLine}'s
 * queue, one task at a time, so it needs no lock.
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
  private final List<WebChatRepository.LoggedFrame> unlogged = new ArrayList<>(); // sent, to be logged with the next batch

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

  /** Numbers a frame that goes out before it is logged (a user's echo): the next batch, or {@link #logUnlogged}, logs it. */
  String numberUnlogged(Frame frame) {
    long next = ++seq;
    Instant at = ctx.clock.now();
    unlogged.add(new WebChatRepository.LoggedFrame(next, ctx.json.write(frame.stored(next, at)), frame.replayable()));
    return ctx.json.write(frame.wire(next, at));
  }

  boolean hasUnlogged() {
    return !unlogged.isEmpty();
  }

  /** Logs the frames sent unlogged, one commit each: their turn did not commit, or a replay is about to read the log. */
  void logUnlogged() {
    for (WebChatRepository.LoggedFrame f : unlogged) {
      try {
        ctx.frames.append(tenantId, chatId, f.seq(), f.frame(), f.replayable()); // a taken seq: another instance's frame stays
      } catch (RuntimeException e) {
        LOG.warn("web chat {}: frame {} not logged: {}", chatId, f.seq(), e.getMessage());
      }
    }
    unlogged.clear();
  }

  /** The turn's commit that logged the unlogged frames ({@link #numberWithinCommit}) went through. */
  void committed() {
    unlogged.clear();
  }

  /**
   * Numbers several frames and moves the stored cursor to {@code count} in the same commit: a turn's replies cost one
   * commit, not one per frame and one for the cursor. If another instance took one of the seqs meanwhile (a takeover
   * in progress), the frames written go first and the others are numbered again ({@link Cursor#TO_MARK}: the cursor
   * moves only after them, never past a frame not yet logged). Frames sent unlogged are logged in the same statement.
   */
  Batch numberMarkingSent(List<Frame> frames, int count) {
    return write(frames, count, false);
  }

  /**
   * The same inside the turn's transaction: a failure is thrown (the turn does not commit), and the frames sent unlogged
   * count as logged only once {@link #committed} says the transaction went through.
   */
  Batch numberWithinCommit(List<Frame> frames, int count) {
    return write(frames, count, true);
  }

  private Batch write(List<Frame> frames, int count, boolean withinCommit) {
    Instant at = ctx.clock.now();
    long first = seq + 1;
    List<WebChatRepository.LoggedFrame> logged = new ArrayList<>(unlogged);
    for (int i = 0; i < frames.size(); i++)
      logged.add(new WebChatRepository.LoggedFrame(first + i, ctx.json.write(frames.get(i).stored(first + i, at)), frames.get(i).replayable()));
    List<String> wires = new ArrayList<>(frames.size());
    Set<Long> taken;
    try {
      taken = ctx.frames.appendMarkingSent(tenantId, chatId, logged, count);
    } catch (RuntimeException e) {
      if (withinCommit) throw e;
      // Sent anyway, as number() does; the stored cursor did not move, so neither does the line's: a later catch-up
      // sends these messages again rather than never.
      LOG.warn("web chat {}: frames {}..{} not logged, sent anyway: {}", chatId, first, first + frames.size() - 1, e.getMessage());
      seq += frames.size();
      for (int i = 0; i < frames.size(); i++) wires.add(ctx.json.write(frames.get(i).wire(first + i, at)));
      return new Batch(wires, Cursor.UNCHANGED);
    }
    seq += frames.size();
    boolean unloggedTaken = unlogged.stream().anyMatch(f -> taken.contains(f.seq())); // sent already: not renumbered
    if (!withinCommit) unlogged.clear();
    List<Frame> renumber = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (taken.contains(first + i)) renumber.add(frames.get(i));
      else wires.add(ctx.json.write(frames.get(i).wire(first + i, at)));
    }
    for (Frame f : renumber) wires.add(number(f));
    return new Batch(wires, renumber.isEmpty() && !unloggedTaken ? Cursor.MOVED : Cursor.TO_MARK);
  }
}
