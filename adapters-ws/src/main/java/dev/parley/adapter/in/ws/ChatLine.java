package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.ClientTools;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.webchat.WebIntegration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One web chat as this instance serves it: numbers every frame with the conversation's next {@code seq}, logs it,
 * and delivers it to whichever socket holds the chat now — so a turn started on a socket that was since replaced
 * still reaches the new one. It also runs the integration's client tools through that socket.
 *
 * <p>It keeps the live-delivery cursor: how many transcript messages were turned into frames. Messages written
 * elsewhere — a REST turn, a turn on another instance — are read after the cursor and sent as the socket's own
 * turns are (user echo, tool steps, assistant text); the cursor is stored so a resume, on any instance, goes on
 * from there.
 */
final class ChatLine implements ClientTools {
  private static final Logger LOG = LoggerFactory.getLogger(ChatLine.class);

  final UUID tenantId;
  final UUID chatId;
  private final WebCallContext ctx;
  private final Map<String, CompletableFuture<Object>> pendingTools = new ConcurrentHashMap<>();
  private volatile WebIntegration integration;
  private volatile boolean ending;
  private static final int CATCH_UP_BATCH = 200;

  private long seq; // guarded by this
  private volatile int messagesSent; // written under this; read without it by the event thread
  private WebCallConnection connection; // guarded by this
  private int holders; // guarded by ChatLines' map entry

  ChatLine(WebCallContext ctx, UUID tenantId, UUID chatId, WebIntegration integration, long lastSeq, int messagesSent) {
    this.ctx = ctx;
    this.tenantId = tenantId;
    this.chatId = chatId;
    this.integration = integration;
    this.seq = lastSeq;
    this.messagesSent = messagesSent;
  }

  /** Numbers, logs and delivers a frame; the answer completes when the socket has written it. */
  synchronized CompletableFuture<?> send(Frame frame) {
    long next = seq + 1;
    java.time.Instant at = ctx.clock.now();
    String wire = ctx.write(frame.wire(next, at));
    try {
      for (int attempt = 0; ; attempt++) {
        if (ctx.frames.append(tenantId, chatId, next, ctx.write(frame.stored(next, at)), frame.replayable())) break;
        // Another instance wrote this seq (a socket of the same chat elsewhere): move past what it wrote.
        next = Math.max(next, ctx.frames.lastSeq(tenantId, chatId)) + 1;
        wire = ctx.write(frame.wire(next, at));
        if (attempt >= 3) break;
      }
    } catch (RuntimeException e) {
      LOG.warn("web chat {}: frame {} not logged, sent anyway: {}", chatId, next, e.getMessage());
    }
    seq = next;
    return connection == null ? CompletableFuture.completedFuture(null) : connection.deliver(wire);
  }

  /**
   * Makes {@code newer} the chat's socket and, in the same critical section, replays to it the logged frames after
   * {@code lastSeq} (null: none), so no live frame can slip in between. Answers the socket it replaced, if any.
   */
  synchronized WebCallConnection attach(WebCallConnection newer, WebIntegration usedIntegration, long minSeq, Long lastSeq) {
    WebCallConnection previous = connection;
    connection = newer;
    integration = usedIntegration;
    seq = Math.max(seq, minSeq);
    if (lastSeq != null) {
      for (String frame : ctx.frames.after(tenantId, chatId, lastSeq)) newer.deliver(frame);
    }
    return previous == newer ? null : previous;
  }

  /** The socket leaves; answers true if it was the chat's current one. */
  synchronized boolean detach(WebCallConnection leaving) {
    if (connection != leaving) return false;
    connection = null;
    return true;
  }

  synchronized WebCallConnection connection() {
    return connection;
  }

  WebIntegration integration() {
    return integration;
  }

  // --- live delivery of the transcript

  /** How many transcript messages were turned into frames (a cheap read: the event thread must not wait). */
  int messagesSent() {
    return messagesSent;
  }

  /**
   * Sends {@code messages}, which start at transcript seq {@code fromSeq} (a new chat's greeting), unless the
   * cursor is elsewhere — then reads the transcript instead.
   */
  synchronized void deliver(int fromSeq, List<Message> messages) {
    if (fromSeq != messagesSent) {
      catchUp();
      return;
    }
    for (Message m : messages) framesOf(m);
    advance(fromSeq + messages.size());
  }

  /** Sends every transcript message after the cursor; answers how many. */
  synchronized int catchUp() {
    int from = messagesSent;
    while (true) {
      List<Message> batch = ctx.frames.transcriptFrom(tenantId, chatId, messagesSent, CATCH_UP_BATCH);
      for (Message m : batch) framesOf(m);
      messagesSent += batch.size();
      if (batch.size() < CATCH_UP_BATCH) break;
    }
    if (messagesSent > from) ctx.frames.markMessagesSent(tenantId, chatId, messagesSent);
    return messagesSent - from;
  }

  /**
   * A turn of this chat's socket committed messages {@code firstSeq .. messageCount - 1}: its echo and tool steps are
   * already out, so only its {@code replies} are sent — after anything others committed before it.
   */
  synchronized void ownTurnCommitted(int firstSeq, int messageCount, List<Message> replies) {
    if (firstSeq < 0 || messagesSent > firstSeq) { // unknown position, or a catch-up got there first
      catchUp();
      return;
    }
    if (messagesSent < firstSeq) {
      List<Message> before = ctx.frames.transcriptFrom(tenantId, chatId, messagesSent, firstSeq - messagesSent);
      for (Message m : before) framesOf(m);
    }
    List<Frame> replyFrames = new ArrayList<>();
    for (Message m : replies) if (!m.isToolTurn() && !m.content().isEmpty()) replyFrames.add(assistantText(m.content()));
    sendMarkingSent(replyFrames, Math.max(messageCount, messagesSent));
  }

  /**
   * {@link #send} for several frames at once, with the cursor moved to {@code count} in the same commit: a turn's
   * replies cost one commit, not one per frame and one for the cursor. If another instance took one of the seqs
   * meanwhile (a takeover in progress), the frames written go out first, the others are sent again under the next
   * free seqs, as {@link #send} does, and only then does the cursor move — never past a frame not yet logged.
   */
  private void sendMarkingSent(List<Frame> frames, int count) {
    if (frames.isEmpty() && count <= messagesSent) return;
    java.time.Instant at = ctx.clock.now();
    long first = seq + 1;
    List<WebChatRepository.LoggedFrame> logged = new ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++)
      logged.add(new WebChatRepository.LoggedFrame(first + i, ctx.write(frames.get(i).stored(first + i, at)), frames.get(i).replayable()));
    Set<Long> taken;
    try {
      taken = ctx.frames.appendMarkingSent(tenantId, chatId, logged, count);
    } catch (RuntimeException e) {
      // Sent anyway, as send() does; the stored cursor did not move, so neither does ours: a later catch-up sends
      // these messages again rather than never.
      LOG.warn("web chat {}: frames {}..{} not logged, sent anyway: {}", chatId, first, first + frames.size() - 1, e.getMessage());
      seq += frames.size();
      for (int i = 0; i < frames.size(); i++) deliverWire(frames.get(i), first + i, at);
      return;
    }
    seq += frames.size();
    List<Frame> renumber = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (taken.contains(first + i)) renumber.add(frames.get(i));
      else deliverWire(frames.get(i), first + i, at);
    }
    if (renumber.isEmpty()) {
      messagesSent = Math.max(messagesSent, count);
      return;
    }
    for (Frame f : renumber) send(f);
    advance(count);
  }

  private void deliverWire(Frame frame, long n, java.time.Instant at) {
    if (connection != null) connection.deliver(ctx.write(frame.wire(n, at)));
  }

  private void advance(int count) {
    if (count <= messagesSent) return;
    messagesSent = count;
    ctx.frames.markMessagesSent(tenantId, chatId, count);
  }

  /** The frames a transcript message shows as: user echo, tool steps, assistant text (system messages: none). */
  private void framesOf(Message m) {
    if (m.role() == Role.USER) send(userEcho(m.content()));
    else if (m.role() == Role.ASSISTANT && m.isToolTurn()) {
      for (ToolCall call : m.toolCalls()) {
        send(toolCallFrame(call));
        send(toolResultFrame(call));
      }
    } else if (m.role() == Role.ASSISTANT && !m.content().isEmpty()) send(assistantText(m.content()));
  }

  static Frame userEcho(String text) {
    Map<String, Object> echo = new LinkedHashMap<>();
    echo.put("source", "user");
    echo.put("text", text);
    echo.put("name", null);
    echo.put("type", "final");
    echo.put("segmentId", "seg_" + UUID.randomUUID());
    return new Frame("text", null, "content", echo, Frame.Storage.REPLAYABLE);
  }

  static Frame assistantText(String text) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("source", "assistant");
    content.put("text", text);
    content.put("name", null);
    return new Frame("text", null, "content", content, Frame.Storage.REPLAYABLE);
  }

  static Frame toolCallFrame(ToolCall call) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolCallId", call.id());
    data.put("name", call.name());
    data.put("arguments", call.arguments());
    return new Frame("toolCall", null, "data", data, Frame.Storage.REPLAYABLE);
  }

  static Frame toolResultFrame(ToolCall call) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolCallId", call.id());
    data.put("name", call.name());
    data.put("result", call.response());
    return new Frame("toolCallResult", null, "data", data, Frame.Storage.REPLAYABLE);
  }

  boolean isEnding() {
    return ending;
  }

  void markEnding() {
    ending = true;
  }

  int hold() {
    return ++holders;
  }

  int release() {
    return --holders;
  }

  // --- client tools (websocketToolRequest → websocketToolResponse)

  @Override
  public boolean handles(String toolName) {
    return integration.clientTool(toolName).isPresent();
  }

  @Override
  public List<ToolDefinition> definitions() {
    return integration.clientTools();
  }

  /** Asks the browser to run the tool and waits, bounded, for its answer; failures come back as error results. */
  @Override
  public Object execute(ToolCall call) {
    if (connection() == null) return ToolExecutor.errorResult("tool " + call.name() + " runs on the client and no client is connected");
    CompletableFuture<Object> answer = new CompletableFuture<>();
    pendingTools.put(call.id(), answer);
    long timeoutMs = ctx.settings.clientToolTimeout().toMillis();
    try {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("toolCallId", call.id());
      data.put("name", call.name());
      data.put("arguments", call.arguments());
      data.put("timeoutMs", timeoutMs);
      send(new Frame("websocketToolRequest", null, "data", data, Frame.Storage.LOGGED));
      return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return ToolExecutor.errorResult("the client did not answer tool " + call.name() + " within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      return ToolExecutor.errorResult("tool " + call.name() + " could not run on the client: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutor.errorResult("tool " + call.name() + " was interrupted");
    } finally {
      pendingTools.remove(call.id());
    }
  }

  /** A websocketToolResponse arrived; false when no request with that id is waiting. */
  boolean answerTool(String toolCallId, Object result) {
    CompletableFuture<Object> waiting = pendingTools.get(toolCallId);
    return waiting != null && waiting.complete(result);
  }

  /** The socket that would answer is gone: waiting tool calls end now instead of at their timeout. */
  void failPendingTools(String reason) {
    pendingTools.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
  }
}
