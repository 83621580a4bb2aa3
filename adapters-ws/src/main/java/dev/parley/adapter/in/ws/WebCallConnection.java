package dev.parley.adapter.in.ws;

import static dev.parley.adapter.in.ws.WebCallErrors.INTERNAL_ERROR;
import static dev.parley.adapter.in.ws.WebCallErrors.INVALID_MESSAGE;

import dev.parley.adapter.in.ws.WebCallCodec.ChatMessage;
import dev.parley.adapter.in.ws.WebCallCodec.Command;
import dev.parley.adapter.in.ws.WebCallCodec.Initialize;
import dev.parley.adapter.in.ws.WebCallCodec.Invalid;
import dev.parley.adapter.in.ws.WebCallCodec.Terminate;
import dev.parley.adapter.in.ws.WebCallCodec.ToolResponse;
import dev.parley.adapter.in.ws.kernel.Failure;
import dev.parley.adapter.in.ws.kernel.InboundFrame;
import dev.parley.adapter.in.ws.kernel.SerialMailbox;
import dev.parley.adapter.in.ws.kernel.SocketWriter;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.error.WebChatRefusedException;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.websocket.CloseReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One webCall socket: seed 05's state machine. Frames are checked and decoded on the event loop ({@link InboundFrame},
 * {@link WebCallCodec}); everything else — the token check, opening the chat, turns, ending — runs in the socket's
 * {@link SerialMailbox}, in order. Only a websocketToolResponse is handled at once: the turn waiting for it occupies
 * the mailbox. Frames of a bound chat go out through its {@link ChatLine}.
 */
final class WebCallConnection {
  static final CloseReason TAKEN_OVER = new CloseReason(4001, "taken over by a newer connection to this chat");

  enum State { AUTHENTICATING, READY, ACTIVE, CLOSED }

  private final WebCallContext ctx;
  private final ChatLines lines;
  private final WebCallOutbox out;
  private final Handshake handshake;
  private final String caller;
  private final SerialMailbox mailbox;
  private final AtomicReference<State> state = new AtomicReference<>(State.AUTHENTICATING);
  private final AtomicBoolean lineReleased = new AtomicBoolean();
  private volatile WebIntegration integration;
  private volatile boolean streaming; // initialize's request.streaming: textDelta frames while the model writes

  /** What the upgrade request carried: the web token, the Origin header, {@code ?resume=}, the client address. */
  record Handshake(String token, String origin, String resumeParam, String caller) {}

  WebCallConnection(WebCallContext ctx, ChatLines lines, SocketWriter writer, Handshake handshake) {
    this.ctx = ctx;
    this.lines = lines;
    this.out = new WebCallOutbox(ctx, writer);
    this.handshake = handshake;
    this.caller = handshake.caller();
    this.mailbox = new SerialMailbox("web chat", ctx.executor, ctx.settings.maxPendingMessages());
  }

  // --- socket events (Netty event loop: nothing blocking here)

  void opened() {
    lines.register(this);
    mailbox.offerAlways(this::authenticate);
  }

  void received(String raw) {
    if (state.get() == State.CLOSED) return;
    InboundFrame in = InboundFrame.parse(raw, ctx.settings.maxFrameBytes(), ctx.json);
    if (in.problem() != null) {
      Frame answer = WebCallCodec.unreadable(in.problem(), ctx.settings.maxFrameBytes());
      enqueue(() -> send(answer));
      return;
    }
    String type = WebCallCodec.type(in.fields());
    if ("incomingChatMessage".equals(type)) {
      // The browser holds a public token, not a key: its chat messages are counted per client address.
      long retryAfter = ctx.rateLimiter.acquire(caller);
      if (retryAfter > 0) {
        enqueue(() -> send(WebCallCodec.rateLimited(retryAfter)));
        return;
      }
    }
    Command command = WebCallCodec.decode(in.fields(), ctx.limits.maxMessageChars());
    if (command instanceof ToolResponse response) toolResponse(response);
    else if (command instanceof WebCallCodec.Cancel) cancel();
    else enqueue(() -> dispatch(command));
  }

  void closed() {
    state.set(State.CLOSED);
    lines.unregister(this);
    ChatLine l = out.line();
    if (l != null && l.detach(this)) l.tools().failPending("the client disconnected");
    mailbox.offerAlways(this::releaseLine); // after a running turn, which still sends through the line
  }

  /** A newer socket took this chat over. */
  void takenOver() {
    state.set(State.CLOSED);
    out.writer().close(TAKEN_OVER);
  }

  /** The chat may have ended elsewhere (TTL sweeper, REST end): check in order with this socket's work. */
  void checkEnded() {
    mailbox.offerAlways(() -> {
      ChatLine l = out.line();
      if (state.get() != State.ACTIVE || l == null || l.isEnding()) return;
      ChatSession session = ctx.getChat.get(l.tenantId, l.chatId);
      if (session.isFinal()) conversationEnded(session);
    });
  }

  /** The chat changed hands (handoff, transferToHuman, handback; any instance): told in order with the socket's work. */
  void modeChanged(boolean human) {
    mailbox.offerAlways(() -> {
      ChatLine l = out.line();
      if (state.get() == State.ACTIVE && l != null && !l.isEnding()) send(WebCallCodec.modeChanged(human));
    });
  }

  /**
   * A turn of this chat paused for approval: shown after the messages before it, if it still waits when read
   * ({@code pending} reads it, on the socket's own worker, never on the notice's thread).
   */
  void approvalRequested(long messageCount,
                         java.util.function.Supplier<java.util.Optional<dev.parley.domain.session.ToolApproval>> pending) {
    catchUp(messageCount);
    mailbox.offerAlways(() -> {
      ChatLine l = out.line();
      if (state.get() == State.ACTIVE && l != null && !l.isEnding())
        pending.get().ifPresent(a -> send(WebCallCodec.approvalRequested(a)));
    });
  }

  /** The transcript grew elsewhere (a REST turn, another instance) to {@code messageCount}: show it, in order. */
  void catchUp(long messageCount) {
    mailbox.offerAlways(() -> {
      ChatLine l = out.line();
      if (state.get() != State.ACTIVE || l == null || l.isEnding() || l.messagesSent() >= messageCount) return;
      l.catchUp();
    });
  }

  /** The socket's web integration, once the token was checked. */
  WebIntegration integration() {
    return integration;
  }

  /**
   * The token no longer holds (revoked, expired): an error frame, then close 1008. Not queued behind a running turn
   * (that could take the client-tool timeout); the turn's remaining frames go nowhere.
   */
  void tokenWithdrawn(String code, String message) {
    ctx.executor.execute(() -> {
      if (state.getAndSet(State.CLOSED) == State.CLOSED) return;
      ChatLine l = out.line();
      CompletableFuture<?> last = send(WebCallCodec.error(code, message));
      if (l != null) l.tools().failPending(message);
      out.writer().closeAfter(last, CloseReason.POLICY_VIOLATION.getCode(), code);
    });
  }

  void ping() {
    out.writer().ping();
  }

  private void enqueue(Runnable task) {
    mailbox.offerOr(task, () -> send(WebCallCodec.tooManyMessages()));
  }

  // --- protocol (mailbox thread)

  private void authenticate() {
    if (state.get() == State.CLOSED) return;
    WebCallOpening.Admission admission = WebCallOpening.admit(ctx, handshake.token(), handshake.origin(), caller);
    if (admission.refusal() != null) {
      refuse(admission.refusal().code(), admission.refusal().message(), admission.refusal().closeCode());
      return;
    }
    integration = admission.integration();
    state.compareAndSet(State.AUTHENTICATING, State.READY);
  }

  private void dispatch(Command command) {
    if (state.get() == State.CLOSED) return;
    try {
      if (command instanceof Initialize init) initialize(init);
      else if (command instanceof ChatMessage chat) {
        if (requireActive()) chat(chat.content());
      } else if (command instanceof Terminate) {
        if (requireActive()) terminate();
      } else if (command instanceof Invalid invalid) invalid(invalid);
    } catch (RuntimeException e) {
      Failure failure = Failure.of(e, ctx.outages, "web chat: a " + command.getClass().getSimpleName() + " message");
      if (failure.kind() == Failure.Kind.DATABASE_UNAVAILABLE) error(failure.code(), failure.message());
      else error(INTERNAL_ERROR, "the server could not handle the message; the conversation goes on");
    }
  }

  /** A frame that cannot be served: answered after the checks its type makes first. */
  private void invalid(Invalid invalid) {
    if ("initialize".equals(invalid.type()) && state.get() == State.ACTIVE) send(WebCallCodec.alreadyInitialized(out.line().chatId));
    else if ("incomingChatMessage".equals(invalid.type()) && !requireActive()) return;
    else error(invalid.code(), invalid.message());
  }

  private boolean requireActive() {
    if (state.get() == State.ACTIVE) return true;
    send(WebCallCodec.initializeFirst());
    return false;
  }

  private void initialize(Initialize init) {
    if (state.get() == State.ACTIVE) {
      send(WebCallCodec.alreadyInitialized(out.line().chatId));
      return;
    }
    Object additional = init.additionalData();
    if (refused(ctx.openLimits.admitOpen(caller, integration, additional == null ? null : ctx.json.write(additional)))) return;
    try {
      streaming = FrameFields.booleanOr(init.request(), "streaming", "/request/streaming", false);
      bind(WebCallOpening.open(ctx, integration, init, handshake.resumeParam()));
    } catch (WebChatRefusedException e) {
      error(e.code(), e.getMessage());
    } catch (InvalidValueException | PayloadTooLargeException e) { // a bad or too large (parley.limits.data-bytes) field
      error(INVALID_MESSAGE, e.getMessage());
    }
  }

  private void bind(WebCallOpening.Opened opened) {
    SessionHeader session = opened.session();
    ChatLine l = lines.attach(this, session, integration, out.framesSent(), opened.resumed() ? opened.lastSeq() : null);
    out.bind(l);
    if (!state.compareAndSet(State.READY, State.ACTIVE)) { // the socket closed meanwhile
      l.detach(this);
      return;
    }
    if (opened.resumed()) lines.announceResume(l);
    l.start(session, opened.greeting(), opened.resumeToken(), opened.resumed());
  }

  /** One user turn: the echo at once, tool steps as they happen and the replies after ({@link WebCallTurn}). */
  private void chat(String content) {
    ChatLine l = out.line();
    l.sendEcho(WebCallCodec.userEcho(content)); // logged with the turn's commit (docs/decisions/0019)
    boolean ended;
    try {
      ended = WebCallTurn.run(ctx, l, content, streaming);
    } catch (RuntimeException e) {
      Failure failure = Failure.of(e, ctx.outages, "web chat: a turn on chat " + l.chatId);
      if (failure.kind() != Failure.Kind.CHAT_ENDED) {
        send(WebCallCodec.error(failure));
        return;
      }
      ended = true;
    }
    if (ended) conversationEnded(ctx.getChat.get(l.tenantId, l.chatId));
  }

  private void terminate() {
    ChatLine l = out.line();
    conversationEnded(ctx.endChat.end(l.tenantId, l.chatId, FinalReason.USER_END, "terminated over the WebSocket"));
  }

  /** conversationResult, then the closed event, then the socket closes: the conversation is over. */
  private void conversationEnded(ChatSession session) {
    ChatLine l = out.line();
    if (l == null) return;
    CompletableFuture<?> last = l.end(session, ctx.clock.now(), this);
    state.set(State.CLOSED);
    lines.unregister(this);
    releaseLine();
    out.writer().closeAfter(last, CloseReason.NORMAL.getCode(), CloseReason.NORMAL.getReason());
  }

  /**
   * A cancel: stops the chat's running turn, on whichever instance it runs. Not queued: the turn it stops occupies
   * the mailbox. The turn's own frames (its partial reply) come as usual; then the {@code cancelled} event.
   */
  private void cancel() {
    ChatLine l = out.line();
    if (state.get() != State.ACTIVE || l == null) {
      enqueue(this::requireActive);
      return;
    }
    ctx.executor.execute(() -> {
      try {
        send(WebCallCodec.cancelled(ctx.cancelTurn.cancel(l.tenantId, l.chatId)));
      } catch (RuntimeException e) {
        error(INTERNAL_ERROR, "the turn could not be cancelled; the conversation goes on");
      }
    });
  }

  /** A websocketToolResponse: completes the waiting client tool call at once (event loop). */
  private void toolResponse(ToolResponse response) {
    ChatLine l = out.line();
    if (state.get() != State.ACTIVE || l == null) {
      enqueue(() -> send(WebCallCodec.initializeFirst()));
      return;
    }
    if (response.id() == null || !l.tools().answer(response.id(), response.result()))
      enqueue(() -> send(WebCallCodec.unknownToolCall(response.id())));
  }

  // --- sending

  private void error(String code, String message) {
    send(WebCallCodec.error(code, message));
  }

  private CompletableFuture<?> send(Frame frame) {
    return out.send(frame);
  }

  /** Sends a refusal of {@link WebChatOpenLimits}, if any: an error frame, closing with 1013 when it says so. */
  private boolean refused(WebChatOpenLimits.Refusal refusal) {
    if (refusal == null) return false;
    if (refusal.closes()) refuse(refusal.code(), refusal.message(), Failure.TRY_AGAIN_LATER);
    else error(refusal.code(), refusal.message());
    return true;
  }

  private void refuse(String code, String message, int closeCode) {
    state.set(State.CLOSED);
    out.refuse(code, message, closeCode);
  }

  /** Writes one numbered frame (its line calls it), with the kernel's back-pressure. */
  boolean streaming() {
    return streaming;
  }

  CompletableFuture<?> deliver(String json) {
    return out.writer().send(json);
  }

  private void releaseLine() {
    ChatLine l = out.line();
    // after the frame work already queued: a new line for the chat must not start before this one stored its cursor
    if (l != null && lineReleased.compareAndSet(false, true)) l.afterQueued(() -> lines.release(l));
  }
}
