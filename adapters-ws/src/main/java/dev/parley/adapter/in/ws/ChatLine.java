package dev.parley.adapter.in.ws;

import dev.parley.adapter.in.ws.kernel.SerialMailbox;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One web chat as this instance serves it, whichever socket holds it now — so a turn started on a socket that was
 * since replaced still reaches the new one. Its frame work (numbering and logging: {@link LineFrames}; the delivery
 * cursor: {@link DeliveryCursor}) runs on its own serial queue, one task at a time and in the order asked: frames go
 * out in {@code seq} order and no lock is held while the database is written. Client tools: {@link ClientToolBridge}.
 */
final class ChatLine {
  private static final Logger LOG = LoggerFactory.getLogger(ChatLine.class);
  final UUID tenantId;
  final UUID chatId;
  private final WebCallContext ctx;
  private final SerialMailbox queue;
  private final AtomicReference<WebCallConnection> connection = new AtomicReference<>();
  private final LineFrames frames;
  private final DeliveryCursor cursor;
  private final ClientToolBridge tools;
  private volatile boolean ending;
  private Runnable afterOwnCommit; // set inside the socket's own turn's commit, on the queue; run once it committed
  private int holders; // guarded by ChatLines' map entry

  ChatLine(WebCallContext ctx, UUID tenantId, UUID chatId, WebIntegration integration, long lastSeq, int messagesSent) {
    this.ctx = ctx;
    this.tenantId = tenantId;
    this.chatId = chatId;
    this.queue = new SerialMailbox("web chat line", ctx.executor, Integer.MAX_VALUE);
    this.frames = new LineFrames(ctx, tenantId, chatId, lastSeq);
    this.cursor = new DeliveryCursor(ctx, tenantId, chatId, frames, this::deliver, messagesSent);
    this.tools = new ClientToolBridge(this, ctx.settings.clientToolTimeout(), integration);
  }

  /** Numbers, logs and delivers a frame; the answer completes when the socket has written it. */
  CompletableFuture<?> send(Frame frame) {
    return run(() -> deliver(frames.number(frame)));
  }

  /** The echo of the user's message: numbered and sent at once, logged with the turn's commit (docs/decisions/0019). */
  CompletableFuture<?> sendEcho(Frame frame) {
    return run(() -> deliver(frames.numberUnlogged(frame)));
  }

  /**
   * Runs the socket's own turn's commit on the queue, so the frames it logs ({@link #withinOwnCommit}) are numbered in
   * order with the others; once it committed, sends them. Answers what the commit answered, or throws what it threw.
   */
  <T> T commitInOrder(Supplier<T> commit) {
    CompletableFuture<T> done = new CompletableFuture<>();
    queue.offerAlways(() -> {
      try {
        T result = commit.get();
        Runnable after = afterOwnCommit;
        afterOwnCommit = null;
        if (after != null) after.run();
        done.complete(result);
      } catch (Throwable e) {
        afterOwnCommit = null; // rolled back: nothing it logged counts
        done.completeExceptionally(e);
      }
    });
    try {
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw e;
    }
  }

  /** Inside the turn's transaction, on the queue ({@link #commitInOrder}): the user's message at {@code firstSeq}. */
  void withinOwnCommit(int firstSeq, List<Message> replies) {
    afterOwnCommit = cursor.ownTurnWithin(firstSeq, firstSeq + 1 + replies.size(), replies);
  }

  /**
   * Delivers an unnumbered frame (a {@code textDelta}), in order with the others, to the chat's socket if it asked
   * for streaming; nothing is logged.
   */
  void sendUnnumbered(Frame frame) {
    queue.offerAlways(() -> {
      WebCallConnection c = connection.get();
      if (c != null && c.streaming()) c.deliver(ctx.json.write(frame.wireUnnumbered(ctx.clock.now())));
    });
  }

  /**
   * Makes {@code newer} the chat's socket and, in the same task, replays to it the logged frames after {@code lastSeq}
   * (null: none), so no live frame can slip in between. Answers the socket it replaced, if any.
   */
  CompletableFuture<WebCallConnection> attach(WebCallConnection newer, WebIntegration used, long minSeq, Long lastSeq) {
    CompletableFuture<WebCallConnection> replaced = new CompletableFuture<>();
    queue.offerAlways(() -> {
      try {
        WebCallConnection previous = connection.getAndSet(newer);
        tools.use(used);
        frames.atLeast(minSeq);
        if (lastSeq != null) frames.atLeast(lastSeq); // the client saw up to there, logged or not (an echo lost in a crash)
        frames.logUnlogged(); // a resume during a turn: the replay reads the echo from the log
        if (lastSeq != null) for (String frame : ctx.frames.after(tenantId, chatId, lastSeq)) newer.deliver(frame);
        replaced.complete(previous == newer ? null : previous);
      } catch (RuntimeException e) {
        replaced.completeExceptionally(e);
      }
    });
    return replaced;
  }

  /** The socket leaves; answers true if it was the chat's current one. */
  boolean detach(WebCallConnection leaving) {
    return connection.compareAndSet(leaving, null);
  }

  WebCallConnection connection() {
    return connection.get();
  }

  ClientToolBridge tools() {
    return tools;
  }

  // --- live delivery of the transcript (DeliveryCursor, on the queue)

  /** How many transcript messages were turned into frames (a cheap read: the event thread must not wait). */
  int messagesSent() {
    return cursor.messagesSent();
  }

  /** A notification says the transcript is {@code count} long: true when the socket should catch up. */
  boolean noticed(long count) {
    return cursor.noticed(count);
  }

  /**
   * The socket is bound: {@code connection} and {@code opened}, then a new chat's greeting, or — on a resume — the
   * messages written while no socket was there to show them (a REST turn).
   */
  void start(SessionHeader session, List<Message> greeting, String resumeToken, boolean resumed) {
    send(WebCallCodec.connection(session, resumeToken, resumed));
    send(WebCallCodec.opened(session));
    if (resumed) catchUp();
    else queue.offerAlways(() -> cursor.deliver(0, greeting));
  }

  /** Sends every transcript message the socket has not shown yet. */
  void catchUp() {
    queue.offerAlways(cursor::catchUp);
  }

  void ownTurnStarted() {
    cursor.ownTurnStarted();
  }

  /** The socket's own turn committed: the user's message stood at {@code userSeq} (-1: unknown), then {@code replies}. */
  void ownTurnCommitted(int userSeq, List<Message> replies) {
    queue.offerAlways(() -> {
      try {
        cursor.ownTurnCommitted(userSeq, userSeq < 0 ? -1 : userSeq + 1 + replies.size(), replies);
      } finally {
        cursor.ownTurnEnded();
      }
    });
  }

  /** The socket's own turn committed and its frames went out with {@link #commitInOrder}. */
  void ownTurnFinished() {
    queue.offerAlways(cursor::ownTurnEnded);
  }

  /** The socket's own turn failed: its echo is logged on its own; only what was noticed meanwhile is due. */
  void ownTurnFailed() {
    queue.offerAlways(() -> {
      try {
        frames.logUnlogged();
      } finally {
        cursor.ownTurnEnded();
      }
    });
  }

  /**
   * The chat ended: the last messages (an agent's finish over REST), {@code conversationResult} and {@code closed}
   * go out to {@code leaving}, which then lets go; waiting tool calls end, and the frame log goes (a final chat cannot be resumed). Answers when the last
   * frame was written.
   */
  CompletableFuture<?> end(ChatSession session, Instant now, WebCallConnection leaving) {
    catchUp();
    ending = true;
    send(WebCallCodec.conversationResult(session, now));
    CompletableFuture<?> last = send(WebCallCodec.closed(session));
    tools.failPending("the conversation has ended");
    queue.offerAlways(() -> detach(leaving)); // after its last frames
    forgetLog();
    return last;
  }

  private void forgetLog() {
    queue.offerAlways(() -> {
      try {
        ctx.frames.forget(tenantId, chatId);
      } catch (RuntimeException e) {
        LOG.warn("web chat {}: frame log not deleted: {}", chatId, e.getMessage());
      }
    });
  }

  /** Runs {@code task} once everything queued so far is done. */
  void afterQueued(Runnable task) {
    queue.offerAlways(task);
  }

  boolean isEnding() {
    return ending;
  }

  int hold() {
    return ++holders;
  }

  int release() {
    return --holders;
  }

  private CompletableFuture<?> deliver(String wire) {
    WebCallConnection c = connection.get();
    return c == null ? CompletableFuture.completedFuture(null) : c.deliver(wire);
  }

  /** Runs {@code task} on the queue; the answer completes with the future the task answers. */
  private CompletableFuture<?> run(Supplier<CompletableFuture<?>> task) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    queue.offerAlways(() -> {
      try {
        task.get().whenComplete((ok, e) -> done.complete(null));
      } catch (RuntimeException e) {
        done.complete(null);
        throw e;
      }
    });
    return done;
  }
}
