package dev.parley.adapter.in.ws.vendor;

import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CHAT_FINAL;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CHAT_NOT_FOUND;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CONTENT_TOO_LARGE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.DATABASE_UNAVAILABLE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INTERNAL_ERROR;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INVALID_API_KEY;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INVALID_USER_ID;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.MALFORMED_MESSAGE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.MESSAGE_TOO_LARGE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.MISSING_CREDENTIALS;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.RATE_LIMITED;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.TURN_IN_PROGRESS;

import dev.parley.adapter.in.ws.SerialMailbox;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionFinalException;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /ws/chat} socket speaking the multi-tenant vendor's protocol. Frames are checked and parsed on the
 * event loop (cheap, bounded); the credential check and turns run in the socket's {@link SerialMailbox}, in order,
 * on the blocking executor. One turn at a time per socket: a message sent while a reply is being written is
 * refused at once with {@code turn_in_progress}, so the client always knows whether its message was taken.
 */
final class VendorChatConnection {
  private static final Logger LOG = LoggerFactory.getLogger(VendorChatConnection.class);
  private static final CloseReason TOO_SLOW = new CloseReason(1008, "the client does not read its messages");
  private static final int MAX_QUEUED = 16;
  static final int MAX_USER_ID = 256;

  enum State { AUTHENTICATING, READY, CLOSED }

  /** What the client presented: each from the query parameter, or else from the header. */
  /** What the client presented, and its address (a missing or wrong key is charged to it). */
  record Credentials(String apiKey, String userId, String chatId, String clientAddress) {}

  private final VendorChatContext ctx;
  private final WebSocketSession socket;
  private final Credentials credentials;
  private final SerialMailbox mailbox;
  private final AtomicReference<State> state = new AtomicReference<>(State.AUTHENTICATING);
  private final AtomicBoolean turnRunning = new AtomicBoolean();
  private final AtomicBoolean checkQueued = new AtomicBoolean();
  private final AtomicInteger unreadFrames = new AtomicInteger();
  private volatile UUID tenantId;
  private volatile UUID chatId;

  VendorChatConnection(VendorChatContext ctx, WebSocketSession socket, Credentials credentials) {
    this.ctx = ctx;
    this.socket = socket;
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
    if (tooLarge(raw, ctx.settings.maxFrameBytes())) {
      reject(MESSAGE_TOO_LARGE, "a message may be at most " + ctx.settings.maxFrameBytes() + " bytes");
      return;
    }
    Object parsed;
    try {
      parsed = ctx.read(raw);
    } catch (IOException | RuntimeException e) {
      reject(MALFORMED_MESSAGE, "the message is not valid JSON");
      return;
    }
    if (!(parsed instanceof Map<?, ?> msg)) {
      reject(MALFORMED_MESSAGE, "a message is a JSON object: {\"content\": \"...\", \"metadata\": {...}}");
      return;
    }
    if (!(msg.get("content") instanceof String content) || content.isBlank()) {
      reject(MALFORMED_MESSAGE, "content must be a non-empty string");
      return;
    }
    Object metadata = msg.get("metadata");
    if (metadata != null && !(metadata instanceof Map)) {
      reject(MALFORMED_MESSAGE, "metadata must be an object when present");
      return;
    }
    if (content.length() > ctx.limits.maxMessageChars()) {
      reject(CONTENT_TOO_LARGE, "content is " + content.length() + " characters; the limit is " + ctx.limits.maxMessageChars());
      return;
    }
    try {
      Message.requireStorable(content); // here, not in the turn: the answer must come before the socket takes the next message
    } catch (InvalidValueException e) {
      reject(MALFORMED_MESSAGE, e.getMessage());
      return;
    }
    long retryAfter = credentials.apiKey() == null ? 0 : ctx.rateLimiter.acquire(RateLimiter.forApiKey(credentials.apiKey()));
    if (retryAfter > 0) {
      rateLimited(retryAfter);
      return;
    }
    if (!turnRunning.compareAndSet(false, true)) {
      reject(TURN_IN_PROGRESS, "the reply to the previous message is still being written; send after message_stream_ended");
      return;
    }
    mailbox.offerAlways(() -> turn(content, metadata)); // bounded: one turn at a time per socket
  }

  void closed() {
    state.set(State.CLOSED);
    ctx.open.remove(this);
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
        if (session.isFinal()) chatEnded(endedMessage(session));
      } catch (NotFoundException e) {
        refuse(CHAT_NOT_FOUND, e.getMessage(), CloseReason.POLICY_VIOLATION); // erased meanwhile
      } catch (RuntimeException e) {
        LOG.debug("/ws/chat ending check failed; it runs again: {}", e.getMessage());
      }
    });
  }

  void ping() {
    if (socket.isOpen()) socket.sendPingAsync(new byte[0]).handle((ok, e) -> null);
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
    String address = RateLimiter.forAddress(credentials.clientAddress());
    long blocked = ctx.rateLimiter.retryAfter(Budget.FAILED_CREDENTIALS, address); // before any key is looked up
    if (blocked > 0) {
      refuse(RATE_LIMITED, "too many missing or wrong API keys from this address; connect again after " + blocked + " s",
          new CloseReason(1013, RATE_LIMITED));
      return;
    }
    try {
      List<String> missing = new ArrayList<>();
      if (blank(credentials.apiKey())) missing.add("api_key");
      if (blank(credentials.userId())) missing.add("user_id");
      if (blank(credentials.chatId())) missing.add("chat_id");
      if (!missing.isEmpty()) {
        if (missing.contains("api_key")) ctx.rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address);
        refuse(MISSING_CREDENTIALS, "missing " + String.join(", ", missing) + ": send api_key, user_id and chat_id as query "
            + "parameters or as the headers X-API-Key, X-User-ID and X-Chat-ID", CloseReason.POLICY_VIOLATION);
        return;
      }
      UUID tenant;
      try {
        tenant = ctx.authenticate.tenantFor(credentials.apiKey());
      } catch (UnauthorizedException e) {
        ctx.rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address);
        refuse(INVALID_API_KEY, "the API key is not valid", CloseReason.POLICY_VIOLATION);
        return;
      }
      String userId = credentials.userId();
      if (userId.length() > MAX_USER_ID) {
        refuse(INVALID_USER_ID, "user_id must be at most " + MAX_USER_ID + " characters", CloseReason.POLICY_VIOLATION);
        return;
      }
      ChatSession session;
      try {
        session = ctx.getChat.get(tenant, UUID.fromString(credentials.chatId().trim()));
      } catch (IllegalArgumentException | NotFoundException e) {
        // Not an id, unknown, or another tenant's: one answer, so ids of other tenants cannot be probed.
        refuse(CHAT_NOT_FOUND, "chat " + shortened(credentials.chatId().trim()) + " was not found", CloseReason.POLICY_VIOLATION);
        return;
      }
      if (session.isFinal()) {
        refuse(CHAT_FINAL, endedMessage(session), CloseReason.NORMAL);
        return;
      }
      boolean created = ctx.users.register(tenant, userId);
      tenantId = tenant;
      chatId = session.id();
      if (!state.compareAndSet(State.AUTHENTICATING, State.READY)) return; // the client left meanwhile
      Map<String, Object> established = event("connection_established");
      established.put("user_id", userId);
      established.put("chat_id", chatId.toString());
      established.put("tenant_id", tenant.toString());
      send(established);
      if (created) {
        Map<String, Object> user = event("user_created");
        user.put("user_id", userId);
        send(user);
      }
    } catch (RuntimeException e) {
      if (ctx.outages.isUnavailable(e)) {
        LOG.warn("/ws/chat: the credentials could not be checked, the database is unavailable: {}", e.getMessage());
        refuse(DATABASE_UNAVAILABLE, "the database is not reachable right now; connect again in a few seconds",
            new CloseReason(1013, DATABASE_UNAVAILABLE));
        return;
      }
      LOG.error("/ws/chat: the credentials could not be checked", e);
      refuse(INTERNAL_ERROR, "the server could not check the credentials; try again", new CloseReason(1011, INTERNAL_ERROR));
    }
  }

  @SuppressWarnings("unchecked")
  private void turn(String content, Object metadata) {
    // The socket takes the next message as soon as this turn is over, so the flag is cleared exactly once, before
    // the turn's last event: clearing it later could release the next turn's claim.
    AtomicBoolean freed = new AtomicBoolean();
    Runnable free = () -> {
      if (freed.compareAndSet(false, true)) turnRunning.set(false);
    };
    try {
      if (state.get() != State.READY) return; // refused, or the client left before its message was taken
      if (!keyStillValid()) return;
      VendorReplyStream stream = new VendorReplyStream(this, chatId, content, (Map<String, Object>) metadata);
      TurnResult result;
      try {
        result = ctx.submitTurn.submit(new SubmitTurnCommand(tenantId, chatId, content, null, null), null, stream);
      } catch (ConflictException e) {
        free.run();
        if (CHAT_FINAL.equals(e.code())) chatEnded(e.getMessage());
        else error(e.code(), e.getMessage()); // turn_in_progress (a turn elsewhere outlasted the wait), agent_missing
        return;
      } catch (SessionFinalException e) {
        free.run();
        chatEnded(e.getMessage());
        return;
      } catch (NotFoundException e) {
        free.run();
        refuse(CHAT_NOT_FOUND, e.getMessage(), CloseReason.POLICY_VIOLATION); // erased meanwhile
        return;
      } catch (PayloadTooLargeException e) {
        free.run();
        error(CONTENT_TOO_LARGE, e.getMessage());
        return;
      } catch (InvalidValueException e) {
        free.run();
        error(MALFORMED_MESSAGE, e.getMessage());
        return;
      }
      Map<String, Object> ended = stream.finish(result);
      if (result.isFinal()) {
        state.set(State.CLOSED);
        ctx.open.remove(this);
      }
      free.run();
      CompletableFuture<?> last = send(ended);
      if (result.isFinal()) last.whenComplete((ok, e) -> closeSocketSoon(CloseReason.NORMAL));
    } catch (RuntimeException e) {
      free.run();
      if (ctx.outages.isUnavailable(e)) {
        LOG.warn("/ws/chat: a turn on chat {} failed, the database is unavailable: {}", chatId, e.getMessage());
        error(DATABASE_UNAVAILABLE, "the database is not reachable right now; the message may not have been stored: send it again in a few seconds");
        return;
      }
      LOG.error("/ws/chat: a turn on chat {} failed", chatId, e);
      error(INTERNAL_ERROR, "the server could not complete the reply; the chat goes on");
    } finally {
      free.run();
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
    refuse(INVALID_API_KEY, "the API key is not valid any more", CloseReason.POLICY_VIOLATION);
    return false;
  }

  /** The chat has ended: say so, then close normally. */
  private void chatEnded(String message) {
    refuse(CHAT_FINAL, message, CloseReason.NORMAL);
  }

  private static String endedMessage(ChatSession session) {
    String reason = session.finalReason().map(FinalReason::wireName).orElse("ended");
    return "chat " + session.id() + " has ended (" + reason + "); a final chat takes no more messages";
  }

  // --- sending

  /** A new server event: {@code event_type} and {@code timestamp} first, then its own fields. */
  Map<String, Object> event(String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_type", type);
    m.put("timestamp", ctx.clock.now().toString());
    return m;
  }

  private void error(String code, String message) {
    Map<String, Object> e = event("error");
    e.put("code", code);
    e.put("message", message);
    send(e);
  }

  /** The API key's budget (REST and socket together) is spent: this message is not taken; the socket stays open. */
  private void rateLimited(long retryAfterSeconds) {
    Runnable answer = () -> {
      Map<String, Object> e = event("error");
      e.put("code", RATE_LIMITED);
      e.put("message", "too many messages; retry after " + retryAfterSeconds + " s");
      e.put("retry_after", retryAfterSeconds);
      send(e);
    };
    if (state.get() == State.READY) answer.run();
    else mailbox.offer(() -> {
      if (state.get() == State.READY) answer.run();
    });
  }

  /** An error about one client message; the socket stays open. Before the credentials are checked it waits for them. */
  private void reject(String code, String message) {
    if (state.get() == State.READY) error(code, message);
    else mailbox.offer(() -> {
      if (state.get() == State.READY) error(code, message);
    });
  }

  /** An error that ends the socket: the event, then the close after the grace period. */
  private void refuse(String code, String message, CloseReason closeReason) {
    state.set(State.CLOSED);
    ctx.open.remove(this);
    Map<String, Object> e = event("error");
    e.put("code", code);
    e.put("message", message);
    send(e).whenComplete((ok, x) -> closeSocketSoon(new CloseReason(closeReason.getCode(), code)));
  }

  /** Writes one event. A client whose write buffer stays full this long is dropped: memory per socket is bounded. */
  CompletableFuture<?> send(Map<String, Object> event) {
    if (!socket.isOpen()) return CompletableFuture.completedFuture(null);
    if (socket.isWritable()) unreadFrames.set(0);
    else if (unreadFrames.incrementAndGet() > ctx.settings.maxUnreadFrames()) {
      closeSocket(TOO_SLOW);
      return CompletableFuture.completedFuture(null);
    }
    return socket.sendAsync(ctx.write(event)).handle((ok, e) -> null);
  }

  /** Closes after the grace period, so the client reads the events sent just before (see WebCallSettings#closeGrace). */
  private void closeSocketSoon(CloseReason reason) {
    CompletableFuture.delayedExecutor(ctx.settings.closeGrace().toMillis(), TimeUnit.MILLISECONDS, ctx.executor)
        .execute(() -> closeSocket(reason));
  }

  private void closeSocket(CloseReason reason) {
    try {
      if (socket.isOpen()) socket.close(reason);
    } catch (RuntimeException e) {
      LOG.debug("/ws/chat socket already closing: {}", e.getMessage());
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String shortened(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  /** UTF-8 size above {@code max}, counted without encoding the whole message. */
  static boolean tooLarge(String s, int max) {
    if (s.length() > max) return true;
    if ((long) s.length() * 3 <= max) return false;
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) bytes++;
      else if (c < 0x800) bytes += 2;
      else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    return bytes > max;
  }
}
