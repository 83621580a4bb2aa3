package dev.parley.adapter.in.ws;

import static dev.parley.adapter.in.ws.WebCallErrors.ALREADY_INITIALIZED;
import static dev.parley.adapter.in.ws.WebCallErrors.CONTENT_TOO_LARGE;
import static dev.parley.adapter.in.ws.WebCallErrors.DATABASE_UNAVAILABLE;
import static dev.parley.adapter.in.ws.WebCallErrors.INITIALIZE_NOT_RECEIVED;
import static dev.parley.adapter.in.ws.WebCallErrors.INTERNAL_ERROR;
import static dev.parley.adapter.in.ws.WebCallErrors.INVALID_MESSAGE;
import static dev.parley.adapter.in.ws.WebCallErrors.INVALID_RESUME_TOKEN;
import static dev.parley.adapter.in.ws.WebCallErrors.MALFORMED_JSON;
import static dev.parley.adapter.in.ws.WebCallErrors.MESSAGE_TOO_LARGE;
import static dev.parley.adapter.in.ws.WebCallErrors.RATE_LIMITED;
import static dev.parley.adapter.in.ws.WebCallErrors.TOO_MANY_MESSAGES;
import static dev.parley.adapter.in.ws.WebCallErrors.UNKNOWN_TOOL_CALL;
import static dev.parley.adapter.in.ws.WebCallErrors.UNKNOWN_TYPE;
import static dev.parley.adapter.in.ws.WebCallErrors.UNSUPPORTED_CALL_TYPE;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.port.in.StartWebChatUseCase;
import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * One webCall socket speaking seed 05's protocol. Frames are parsed on the event loop (cheap, bounded); all other
 * work — the token check, opening the chat, turns, ending — runs in the socket's {@link SerialMailbox}, in order.
 * Only a websocketToolResponse is handled at once: the turn waiting for it occupies the mailbox.
 */
final class WebCallConnection {
  private static final Logger LOG = LoggerFactory.getLogger(WebCallConnection.class);
  static final CloseReason TAKEN_OVER = new CloseReason(4001, "taken over by a newer connection to this chat");
  private static final CloseReason TOO_SLOW = new CloseReason(1008, "the client does not read its messages");
  private static final CloseReason SERVER_ERROR = new CloseReason(1011, "internal_error");
  /** 1013 Try Again Later: the token could not be checked because the database is unreachable. */
  private static final CloseReason TRY_AGAIN_LATER = new CloseReason(1013, DATABASE_UNAVAILABLE);

  enum State { AUTHENTICATING, READY, ACTIVE, CLOSED }

  private final WebCallContext ctx;
  private final ChatLines lines;
  private final WebSocketSession socket;
  private final String token;
  private final String origin;
  private final String resumeParam;
  private final String caller;
  private final SerialMailbox mailbox;
  private final AtomicReference<State> state = new AtomicReference<>(State.AUTHENTICATING);
  private final AtomicBoolean overflowReported = new AtomicBoolean();
  private final AtomicBoolean lineReleased = new AtomicBoolean();
  private final AtomicInteger unreadFrames = new AtomicInteger();
  private volatile WebIntegration integration;
  private volatile ChatLine line;
  private long ownSeq; // frames sent before a chat is bound; guarded by this

  WebCallConnection(WebCallContext ctx, ChatLines lines, WebSocketSession socket, String token, String origin,
                    String resumeParam, String caller) {
    this.ctx = ctx;
    this.lines = lines;
    this.socket = socket;
    this.token = token;
    this.origin = origin;
    this.resumeParam = resumeParam;
    this.caller = caller;
    this.mailbox = new SerialMailbox("web chat", ctx.executor, ctx.settings.maxPendingMessages());
  }

  // --- socket events (Netty event loop: nothing blocking here)

  void opened() {
    lines.register(this);
    mailbox.offerAlways(this::authenticate);
  }

  void received(String raw) {
    if (state.get() == State.CLOSED) return;
    if (tooLarge(raw, ctx.settings.maxFrameBytes())) {
      enqueue(() -> error(MESSAGE_TOO_LARGE, "a message may be at most " + ctx.settings.maxFrameBytes() + " bytes"));
      return;
    }
    Object parsed;
    try {
      parsed = ctx.read(raw);
    } catch (IOException | RuntimeException e) {
      enqueue(() -> error(MALFORMED_JSON, "the message is not valid JSON"));
      return;
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      enqueue(() -> error(INVALID_MESSAGE, "a message must be a JSON object with a type"));
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> msg = (Map<String, Object>) map;
    Object type = msg.get("type");
    if ("incomingChatMessage".equals(type)) {
      // The browser holds a public token, not a key: its chat messages are counted per client address.
      long retryAfter = ctx.rateLimiter.acquire(caller);
      if (retryAfter > 0) {
        enqueue(() -> error(RATE_LIMITED, "too many messages; retry after " + retryAfter + " s"));
        return;
      }
    }
    if ("websocketToolResponse".equals(type)) toolResponse(msg);
    else enqueue(() -> dispatch(type, msg));
  }

  void closed() {
    state.set(State.CLOSED);
    lines.unregister(this);
    ChatLine l = line;
    if (l != null && l.detach(this)) l.failPendingTools("the client disconnected");
    mailbox.offerAlways(this::releaseLine); // after a running turn, which still sends through the line
  }

  /** A newer socket took this chat over. */
  void takenOver() {
    state.set(State.CLOSED);
    closeSocket(TAKEN_OVER);
  }

  /** The chat may have ended elsewhere (TTL sweeper, REST end): check in order with this socket's work. */
  void checkEnded() {
    mailbox.offerAlways(() -> {
      ChatLine l = line;
      if (state.get() != State.ACTIVE || l == null || l.isEnding()) return;
      ChatSession session = ctx.getChat.get(l.tenantId, l.chatId);
      if (session.isFinal()) conversationEnded(session);
    });
  }

  /** The transcript grew elsewhere (a REST turn, another instance): send what this socket has not shown yet. */
  void catchUp(long messageCount) {
    mailbox.offerAlways(() -> {
      ChatLine l = line;
      if (state.get() != State.ACTIVE || l == null || l.isEnding()) return;
      // The socket's own turn announces itself too, and its notice usually arrives before the turn has moved the
      // cursor; by the time this runs (after the turn, same mailbox) there is nothing left to read.
      if (l.messagesSent() >= messageCount) return;
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
      ChatLine l = line;
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("code", code);
      data.put("message", message);
      Frame frame = new Frame("error", null, "data", data, Frame.Storage.LOGGED);
      CompletableFuture<?> last = l != null ? l.send(frame) : sendOwn(frame);
      if (l != null) l.failPendingTools(message);
      last.whenComplete((ok, e) -> closeSocketSoon(new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), code)));
    });
  }

  void ping() {
    if (socket.isOpen()) socket.sendPingAsync(new byte[0]).handle((ok, e) -> null);
  }

  private void enqueue(Runnable task) {
    if (mailbox.offer(task)) return;
    if (overflowReported.compareAndSet(false, true)) {
      mailbox.offerAlways(() -> {
        overflowReported.set(false);
        error(TOO_MANY_MESSAGES, "too many messages are waiting for the running turn; some were dropped");
      });
    }
  }

  // --- protocol (mailbox thread)

  private void authenticate() {
    if (state.get() == State.CLOSED || refused(ctx.openLimits.beforeAuthentication(caller))) return;
    try {
      integration = ctx.authenticate.authenticate(token, origin);
      state.compareAndSet(State.AUTHENTICATING, State.READY);
    } catch (WebChatRefusedException e) {
      ctx.openLimits.tokenRefused(caller, e.code());
      refuse(e.code(), e.getMessage(), CloseReason.POLICY_VIOLATION);
    } catch (RuntimeException e) {
      if (ctx.outages.isUnavailable(e)) {
        LOG.warn("web chat: the token could not be checked, the database is unavailable: {}", e.getMessage());
        refuse(DATABASE_UNAVAILABLE, "the database is not reachable right now; connect again in a few seconds", TRY_AGAIN_LATER);
        return;
      }
      LOG.error("web chat: the token could not be checked", e);
      refuse(INTERNAL_ERROR, "the server could not check the token; try again", SERVER_ERROR);
    }
  }

  private void dispatch(Object type, Map<String, Object> msg) {
    if (state.get() == State.CLOSED) return;
    try {
      switch (type == null ? "" : String.valueOf(type)) {
        case "initialize" -> initialize(msg);
        case "incomingChatMessage" -> {
          if (requireActive()) chat(msg);
        }
        case "terminate" -> {
          if (requireActive()) terminate();
        }
        case "" -> error(INVALID_MESSAGE, "a message needs a type");
        default -> error(UNKNOWN_TYPE, "unknown message type '" + type
            + "'; expected initialize, incomingChatMessage, websocketToolResponse or terminate");
      }
    } catch (RuntimeException e) {
      if (ctx.outages.isUnavailable(e)) {
        LOG.warn("web chat: a {} message failed, the database is unavailable: {}", type, e.getMessage());
        error(DATABASE_UNAVAILABLE, "the database is not reachable right now; the message may not have been stored: send it again in a few seconds");
        return;
      }
      LOG.error("web chat: a {} message failed", type, e);
      error(INTERNAL_ERROR, "the server could not handle the message; the conversation goes on");
    }
  }

  private boolean requireActive() {
    if (state.get() == State.ACTIVE) return true;
    error(INITIALIZE_NOT_RECEIVED, "send initialize (request.callType 'chat') before other messages");
    return false;
  }

  private void initialize(Map<String, Object> msg) {
    if (state.get() == State.ACTIVE) {
      error(ALREADY_INITIALIZED, "this socket already carries conversation " + line.chatId + "; initialize is sent once");
      return;
    }
    if (!(msg.get("request") instanceof Map<?, ?> request)) {
      error(INVALID_MESSAGE, "initialize needs request: {\"callType\": \"chat\", \"additionalData\": {...}}");
      return;
    }
    Object callType = request.get("callType");
    if (!"chat".equals(callType)) {
      error(UNSUPPORTED_CALL_TYPE, (callType == null ? "request.callType is missing" : "callType '" + callType + "' is not supported")
          + ": this server serves text chat (callType 'chat')");
      return;
    }
    Object additional = request.get("additionalData");
    if (additional != null && !(additional instanceof Map)) {
      error(INVALID_MESSAGE, "request.additionalData must be an object");
      return;
    }
    if (refused(ctx.openLimits.admitOpen(caller, integration, additional == null ? null : ctx.write(additional)))) return;
    try {
      String resumeToken = FrameFields.stringOr(request, "resumeToken", "/request/resumeToken", resumeParam);
      // a recordId asks to resume that chat: without its token that is refused, never a silent new chat
      if (request.get("recordId") != null || resumeToken != null && !resumeToken.isBlank()) resume(request, resumeToken);
      else start(additional);
    } catch (WebChatRefusedException e) {
      error(e.code(), e.getMessage());
    } catch (InvalidValueException | PayloadTooLargeException e) { // a bad or too large (parley.limits.data-bytes) field
      error(INVALID_MESSAGE, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private void start(Object additionalData) {
    StartWebChatUseCase.StartedWebChat started = ctx.startChat.start(integration, (Map<String, Object>) additionalData);
    bind(started.session(), started.resumeToken(), false, null);
  }

  private void resume(Map<?, ?> request, String resumeToken) {
    UUID recordId = null;
    if (request.get("recordId") != null) {
      try {
        recordId = UUID.fromString(FrameFields.stringOr(request, "recordId", "/request/recordId", ""));
      } catch (IllegalArgumentException e) {
        error(INVALID_RESUME_TOKEN, "request.recordId is not a conversation id");
        return;
      }
    }
    Long lastSeq = FrameFields.optionalCount(request, "lastSeq", "/request/lastSeq");
    ChatSession session = ctx.resumeChat.resume(integration, recordId, resumeToken);
    bind(session, resumeToken, true, lastSeq);
  }

  private void bind(ChatSession session, String resumeToken, boolean resumed, Long lastSeq) {
    long own;
    synchronized (this) {
      own = ownSeq;
    }
    ChatLine l = lines.attach(this, session, integration, own, resumed ? lastSeq : null);
    line = l;
    if (!state.compareAndSet(State.READY, State.ACTIVE)) { // the socket closed meanwhile
      l.detach(this);
      return;
    }
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("recordId", session.id().toString());
    connection.put("resumeToken", resumeToken);
    connection.put("callId", session.callId().toString());
    connection.put("agentId", session.agentId().toString());
    connection.put("resumed", resumed);
    l.send(new Frame("event", "connection", "data", connection, Frame.Storage.REDACTED));
    l.send(new Frame("event", "opened", "data", Map.of("recordId", session.id().toString()), Frame.Storage.LOGGED));
    if (resumed) {
      try {
        ctx.events.publish(ChatEvent.attached(l.tenantId, l.chatId, lines.instanceId())); // a socket elsewhere lets go
      } catch (RuntimeException e) {
        LOG.warn("web chat {}: other instances not told of the resume: {}", l.chatId, e.getMessage());
      }
      l.catchUp(); // messages written while no socket was there to show them (a REST turn)
    } else {
      l.deliver(0, session.messages()); // the greeting
    }
  }

  private void chat(Map<String, Object> msg) {
    if (!(msg.get("content") instanceof String content) || content.isBlank()) {
      error(INVALID_MESSAGE, "incomingChatMessage needs content: a non-empty string");
      return;
    }
    if (content.length() > ctx.limits.maxMessageChars()) {
      error(CONTENT_TOO_LARGE, "content is " + content.length() + " characters; the limit is " + ctx.limits.maxMessageChars());
      return;
    }
    try {
      Message.requireStorable(content); // before the echo: a message that cannot be stored is not shown as sent
    } catch (InvalidValueException e) {
      error(INVALID_MESSAGE, e.getMessage());
      return;
    }
    ChatLine l = line;
    l.send(ChatLine.userEcho(content));
    TurnResult result;
    int[] committed = {-1, -1};
    try {
      result = ctx.submitTurn.submit(new SubmitTurnCommand(l.tenantId, l.chatId, content, null, null), l, toolSteps(l, committed));
    } catch (ConflictException e) {
      if ("chat_final".equals(e.code())) conversationEnded(ctx.getChat.get(l.tenantId, l.chatId));
      else error(e.code(), e.getMessage());
      return;
    } catch (SessionFinalException e) {
      conversationEnded(ctx.getChat.get(l.tenantId, l.chatId));
      return;
    } catch (PayloadTooLargeException e) {
      error(CONTENT_TOO_LARGE, e.getMessage());
      return;
    } catch (InvalidValueException e) {
      error(INVALID_MESSAGE, e.getMessage());
      return;
    }
    l.ownTurnCommitted(committed[0], committed[1], result.messages());
    if (result.isFinal()) conversationEnded(ctx.getChat.get(l.tenantId, l.chatId));
  }

  /** Server tool use shown to the client as it happens: toolCall, then toolCallResult. */
  private static TurnListener toolSteps(ChatLine l, int[] committed) {
    return new TurnListener() {
      @Override
      public void toolCall(ToolCall call) {
        l.send(ChatLine.toolCallFrame(call));
      }

      @Override
      public void toolResult(ToolCall call) {
        l.send(ChatLine.toolResultFrame(call));
      }

      @Override
      public void committed(int firstSeq, int messageCount) {
        committed[0] = firstSeq;
        committed[1] = messageCount;
      }
    };
  }

  private void terminate() {
    ChatLine l = line;
    conversationEnded(ctx.endChat.end(l.tenantId, l.chatId, FinalReason.USER_END, "terminated over the WebSocket"));
  }

  /** conversationResult, then the closed event, then the socket closes: the conversation is over. */
  private void conversationEnded(ChatSession session) {
    ChatLine l = line;
    if (l == null) return;
    try {
      l.catchUp(); // the last messages (an agent's finish over REST) come before the result
    } catch (RuntimeException e) {
      LOG.warn("web chat {}: last messages not sent: {}", l.chatId, e.getMessage());
    }
    l.markEnding();
    String reason = session.finalReason().map(FinalReason::wireName).orElse(null);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("callId", session.callId().toString());
    metadata.put("agentId", session.agentId().toString());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", session.finalReason().orElse(null) == FinalReason.ERROR ? "failed" : "completed");
    result.put("duration", Duration.between(session.createdAt(), session.endedAt().orElse(ctx.clock.now())).toSeconds());
    result.put("metadata", metadata);
    result.put("recordId", session.id().toString());
    result.put("finalReason", reason);
    l.send(new Frame("conversationResult", null, "result", result, Frame.Storage.LOGGED));
    Map<String, Object> closedData = new LinkedHashMap<>();
    closedData.put("recordId", session.id().toString());
    closedData.put("reason", reason);
    CompletableFuture<?> last = l.send(new Frame("event", "closed", "data", closedData, Frame.Storage.LOGGED));
    state.set(State.CLOSED);
    l.failPendingTools("the conversation has ended");
    l.detach(this);
    lines.unregister(this);
    try {
      ctx.frames.forget(l.tenantId, l.chatId); // a final chat cannot be resumed: its log has no further use
    } catch (RuntimeException e) {
      LOG.warn("web chat {}: frame log not deleted: {}", l.chatId, e.getMessage());
    }
    releaseLine();
    last.whenComplete((ok, e) -> closeSocketSoon(CloseReason.NORMAL));
  }

  /** A websocketToolResponse: completes the waiting client tool call at once (event loop). */
  private void toolResponse(Map<String, Object> msg) {
    ChatLine l = line;
    if (state.get() != State.ACTIVE || l == null) {
      enqueue(() -> error(INITIALIZE_NOT_RECEIVED, "send initialize (request.callType 'chat') before other messages"));
      return;
    }
    Map<?, ?> data = msg.get("data") instanceof Map<?, ?> d ? d : msg;
    Object id = data.get("toolCallId") != null ? data.get("toolCallId") : data.get("id");
    Object result = data.get("error") != null ? ToolExecutor.errorResult(String.valueOf(data.get("error"))) : data.get("result");
    if (id == null || !l.answerTool(String.valueOf(id), result)) {
      enqueue(() -> error(UNKNOWN_TOOL_CALL, "no websocketToolRequest " + (id == null ? "(data.toolCallId missing)" : "'" + id + "'")
          + " is waiting for an answer"));
    }
  }

  // --- sending

  private void error(String code, String message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("code", code);
    data.put("message", message);
    send(new Frame("error", null, "data", data, Frame.Storage.LOGGED));
  }

  /** Sends a refusal of {@link WebChatOpenLimits}, if any: an error frame, closing with 1013 when it says so. */
  private boolean refused(WebChatOpenLimits.Refusal refusal) {
    if (refusal == null) return false;
    if (refusal.closes()) refuse(refusal.code(), refusal.message(), TRY_AGAIN_LATER);
    else error(refusal.code(), refusal.message());
    return true;
  }

  private void refuse(String code, String message, CloseReason closeReason) {
    state.set(State.CLOSED);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("code", code);
    data.put("message", message);
    sendOwn(new Frame("error", null, "data", data, Frame.Storage.LOGGED))
        .whenComplete((ok, e) -> closeSocketSoon(new CloseReason(closeReason.getCode(), code)));
  }

  private CompletableFuture<?> send(Frame frame) {
    ChatLine l = line;
    return l != null ? l.send(frame) : sendOwn(frame);
  }

  /** Frames before a chat is bound: numbered by the socket (the chat's numbering continues above them). */
  private synchronized CompletableFuture<?> sendOwn(Frame frame) {
    ownSeq++;
    return deliver(ctx.write(frame.wire(ownSeq, ctx.clock.now())));
  }

  /** Writes one frame. A client whose write buffer stays full this long is dropped: memory per socket is bounded. */
  CompletableFuture<?> deliver(String json) {
    if (!socket.isOpen()) return CompletableFuture.completedFuture(null);
    if (socket.isWritable()) unreadFrames.set(0);
    else if (unreadFrames.incrementAndGet() > ctx.settings.maxUnreadFrames()) {
      closeSocket(TOO_SLOW);
      return CompletableFuture.completedFuture(null);
    }
    return socket.sendAsync(json).handle((ok, e) -> null);
  }

  private void releaseLine() {
    ChatLine l = line;
    if (l != null && lineReleased.compareAndSet(false, true)) lines.release(l);
  }

  /** Closes after the grace period, so the client reads the frames sent just before (see WebCallSettings#closeGrace). */
  private void closeSocketSoon(CloseReason reason) {
    CompletableFuture.delayedExecutor(ctx.settings.closeGrace().toMillis(), TimeUnit.MILLISECONDS, ctx.executor)
        .execute(() -> closeSocket(reason));
  }

  private void closeSocket(CloseReason reason) {
    try {
      if (socket.isOpen()) socket.close(reason);
    } catch (RuntimeException e) {
      LOG.debug("web chat socket already closing: {}", e.getMessage());
    }
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
