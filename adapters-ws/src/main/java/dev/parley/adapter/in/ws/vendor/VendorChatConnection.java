package dev.parley.adapter.in.ws.vendor;

import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CHAT_FINAL;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CHAT_NOT_FOUND;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INTERNAL_ERROR;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INVALID_API_KEY;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.TURN_IN_PROGRESS;

import dev.parley.adapter.in.ws.kernel.Failure;
import dev.parley.adapter.in.ws.kernel.InboundFrame;
import dev.parley.adapter.in.ws.kernel.SerialMailbox;
import dev.parley.adapter.in.ws.kernel.SocketWriter;
import dev.parley.adapter.in.ws.vendor.ChatCodec.Invalid;
import dev.parley.adapter.in.ws.vendor.ChatCodec.UserMessage;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.domain.session.ChatSession;
import io.micronaut.websocket.CloseReason;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code /ws/chat} socket: the multi-tenant vendor's protocol. Frames are checked and decoded on the event loop
 * ({@link InboundFrame}, {@link ChatCodec}); the credential check and turns run in the socket's {@link SerialMailbox},
 * in order, on the blocking executor. One turn at a time per socket: a message sent while a reply is being written is
 * refused at once with {@code turn_in_progress}, so the client always knows whether its message was taken.
 */
final class VendorChatConnection {
  private static final int MAX_QUEUED = 16;

  enum State { AUTHENTICATING, READY, CLOSED }

  /** What the client presented, and its address (a missing or wrong key is charged to it). */
  record Credentials(String apiKey, String userId, String chatId, String lastSeq, String clientAddress) {}

  private final VendorChatContext ctx;
  private final SocketWriter writer;
  private final Credentials credentials;
  private final SerialMailbox mailbox;
  private final AtomicReference<State> state = new AtomicReference<>(State.AUTHENTICATING);
  private final AtomicBoolean turnRunning = new AtomicBoolean();
  private final AtomicBoolean checkQueued = new AtomicBoolean();
  private volatile UUID tenantId;
  private volatile UUID chatId;
  private volatile VendorLiveFeed live;

  VendorChatConnection(VendorChatContext ctx, SocketWriter writer, Credentials credentials) {
    this.ctx = ctx;
    this.writer = writer;
    this.credentials = credentials;
    this.mailbox = new SerialMailbox("/ws/chat", ctx.executor, MAX_QUEUED);
  }

  // --- socket events (Netty event loop: nothing blocking here)

  void opened() {
    ctx.open.add(this);
    mailbox.offerAlways(this::authenticate);
  }

  void received(String raw) {
    if (state.get() == State.CLOSED) return;
    InboundFrame in = InboundFrame.parse(raw, ctx.settings.maxFrameBytes(), ctx.json);
    ChatCodec.Command command = in.problem() != null ? ChatCodec.unreadable(in.problem(), ctx.settings.maxFrameBytes())
        : ChatCodec.decode(in.fields(), ctx.limits.maxMessageChars());
    if (command instanceof Invalid invalid) {
      reject(ctx.codec.error(invalid.code(), invalid.message()));
      return;
    }
    if (command instanceof ChatCodec.Cancel) {
      cancel();
      return;
    }
    UserMessage message = (UserMessage) command;
    long retryAfter = credentials.apiKey() == null ? 0 : ctx.rateLimiter.acquire(RateLimiter.forApiKey(credentials.apiKey()));
    if (retryAfter > 0) {
      reject(ctx.codec.rateLimited(retryAfter));
      return;
    }
    if (!turnRunning.compareAndSet(false, true)) {
      reject(ctx.codec.error(TURN_IN_PROGRESS, "the reply to the previous message is still being written; send after message_stream_ended"));
      return;
    }
    mailbox.offerAlways(() -> turn(message)); // bounded: one turn at a time per socket
  }

  void closed() {
    state.set(State.CLOSED);
    ctx.leave(this);
    // A running turn goes on: it completes and is stored whole, like a REST turn whose client went away.
  }

  /** The chat may have ended elsewhere (TTL sweeper, REST end, another socket): check in order with this socket's work. */
  void checkEnded() {
    if (!checkQueued.compareAndSet(false, true)) return; // one check waiting (behind a long turn) is enough
    mailbox.offerAlways(() -> {
      checkQueued.set(false);
      if (state.get() != State.READY) return;
      try {
        ChatSession session = ctx.getChat.get(tenantId, chatId);
        if (!session.isFinal()) return;
        live.catchUp(); // the last messages (an agent's finish over REST) come before the ending
        refuse(CHAT_FINAL, ChatCodec.endedMessage(session), CloseReason.NORMAL.getCode());
      } catch (NotFoundException e) {
        refuse(CHAT_NOT_FOUND, e.getMessage(), CloseReason.POLICY_VIOLATION.getCode()); // erased meanwhile
      } catch (RuntimeException e) {
        // it runs again (VendorChatMaintenance)
      }
    });
  }

  /**
   * The chat's transcript is {@code count} long (a notification from any instance): what this socket did not write
   * itself is shown, in order with its own work. Its own turns cost nothing here ({@link VendorLiveFeed}).
   */
  void noticed(long count) {
    VendorLiveFeed feed = live;
    if (state.get() != State.READY || feed == null || !feed.noticed(count)) return;
    mailbox.offerAlways(() -> {
      if (state.get() != State.READY || feed.shown() >= count) return;
      try {
        feed.catchUp();
      } catch (RuntimeException e) {
        // shown at the next notification or check (VendorChatMaintenance)
      }
    });
  }

  /** The chat changed hands (handoff, transferToHuman, handback; any instance): told in order with this socket's work. */
  void modeChanged(boolean human) {
    mailbox.offerAlways(() -> {
      if (state.get() == State.READY) send(ctx.codec.modeChanged(chatId, human));
    });
  }

  /** A turn paused for approval: shown after the messages before it, if it still waits when read on the socket's worker. */
  void approvalRequested(long messageCount,
                         java.util.function.Supplier<java.util.Optional<dev.parley.domain.session.ToolApproval>> pending) {
    noticed(messageCount);
    mailbox.offerAlways(() -> {
      if (state.get() == State.READY) pending.get().ifPresent(a -> send(ctx.codec.approvalRequested(chatId, a)));
    });
  }

  void ping() {
    writer.ping();
  }

  int shown() {
    VendorLiveFeed feed = live;
    return feed == null ? Integer.MAX_VALUE : feed.shown();
  }

  State state() {
    return state.get();
  }

  UUID tenantId() {
    return tenantId;
  }

  UUID chatId() {
    return chatId;
  }

  // --- protocol (mailbox thread)

  private void authenticate() {
    if (state.get() == State.CLOSED) return;
    VendorChatAdmission.Admission admission = VendorChatAdmission.admit(ctx, credentials);
    if (admission.refusal() != null) {
      refuse(admission.refusal().code(), admission.refusal().message(), admission.refusal().closeCode());
      return;
    }
    tenantId = admission.tenantId();
    chatId = admission.session().id();
    live = new VendorLiveFeed(ctx, tenantId, chatId, admission.seen(), this::send);
    if (!state.compareAndSet(State.AUTHENTICATING, State.READY)) return; // the client left meanwhile
    ctx.watch(this);
    send(ctx.codec.established(credentials.userId(), chatId, tenantId));
    if (admission.userCreated()) send(ctx.codec.userCreated(credentials.userId()));
    if (admission.seen() < admission.session().messageCount()) live.catchUp(); // a reconnect: what it missed
  }

  private void turn(UserMessage message) {
    // The socket takes the next message as soon as this turn is over, so the flag is cleared exactly once, before
    // the turn's last event: clearing it later could release the next turn's claim.
    AtomicBoolean freed = new AtomicBoolean();
    Runnable free = () -> {
      if (freed.compareAndSet(false, true)) turnRunning.set(false);
    };
    try {
      if (state.get() != State.READY) return; // refused, or the client left before its message was taken
      if (!keyStillValid()) return;
      VendorReplyStream stream = new VendorReplyStream(ctx.codec, this::send, chatId, message.content(), message.metadata());
      TurnResult result;
      try (var permit = ctx.admission.admit()) { // past the bound: refused with too_many_turns before any work
        live.ownTurnStarted();
        try {
          result = ctx.submitTurn.submit(new SubmitTurnCommand(tenantId, chatId, message.content(), null, null), null, stream);
        } catch (RuntimeException e) {
          live.ownTurnFailed();
          throw e;
        }
      }
      Map<String, Object> ended = stream.finish(result);
      if (result.isFinal()) {
        state.set(State.CLOSED);
        ctx.leave(this);
      }
      free.run();
      CompletableFuture<?> last = send(ended);
      if (result.isFinal()) writer.closeAfter(last, CloseReason.NORMAL.getCode(), CloseReason.NORMAL.getReason());
      else live.ownTurnCommitted(stream.userPosition(), stream.userPosition() + 1 + result.messages().size());
    } catch (RuntimeException e) {
      free.run();
      turnFailed(Failure.of(e, ctx.outages, "/ws/chat: a turn on chat " + chatId));
    } finally {
      free.run();
    }
  }

  /**
   * A cancel: stops the chat's running turn, on whichever instance it runs. Not queued: the turn it stops occupies
   * the mailbox. The turn's own events (its end) come as usual; then {@code turn_cancelled}.
   */
  private void cancel() {
    if (state.get() != State.READY) {
      mailbox.offer(() -> {
        if (state.get() == State.READY) cancel();
      });
      return;
    }
    ctx.executor.execute(() -> {
      try {
        send(ctx.codec.cancelled(chatId, ctx.cancelTurn.cancel(tenantId, chatId)));
      } catch (RuntimeException e) {
        send(ctx.codec.error(INTERNAL_ERROR, "the turn could not be cancelled; the chat goes on"));
      }
    });
  }

  private void turnFailed(Failure failure) {
    switch (failure.kind()) {
      case CHAT_ENDED -> refuse(CHAT_FINAL, failure.message(), CloseReason.NORMAL.getCode());
      case CHAT_NOT_FOUND -> refuse(CHAT_NOT_FOUND, failure.message(), CloseReason.POLICY_VIOLATION.getCode()); // erased meanwhile
      default -> send(ctx.codec.error(failure));
    }
  }

  /**
   * The key is checked again for every message, as every REST request checks it: a key revoked while the socket is
   * open must not go on writing to the tenant's chats. A revoked key ends the socket like one refused on connect.
   */
  private boolean keyStillValid() {
    try {
      if (tenantId.equals(ctx.authenticate.tenantFor(credentials.apiKey()))) return true;
    } catch (UnauthorizedException e) {
      // revoked (or the tenant is gone)
    }
    refuse(INVALID_API_KEY, "the API key is not valid any more", CloseReason.POLICY_VIOLATION.getCode());
    return false;
  }

  // --- sending

  /** An event about one client message; the socket stays open. Before the credentials are checked it waits for them. */
  private void reject(Map<String, Object> event) {
    if (state.get() == State.READY) send(event);
    else mailbox.offer(() -> {
      if (state.get() == State.READY) send(event);
    });
  }

  /** An error that ends the socket: the event, then the close after the grace period. */
  private void refuse(String code, String message, int closeCode) {
    state.set(State.CLOSED);
    ctx.leave(this);
    writer.closeAfter(send(ctx.codec.error(code, message)), closeCode, code);
  }

  /** Writes one event, with the kernel's back-pressure. */
  CompletableFuture<?> send(Map<String, Object> event) {
    return writer.send(ctx.json.write(event));
  }
}
