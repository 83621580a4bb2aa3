package dev.parley.adapter.in.rest.aisdk;

import dev.parley.adapter.in.rest.support.WatchedSubscriber;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolApproval;
import dev.parley.domain.session.ToolCall;
import io.micronaut.http.sse.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.SubmissionPublisher;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * One assistant answer as the AI SDK's UI message stream (protocol v1): {@code start}, a {@code start-step} per model
 * round, text as {@code text-start}/{@code text-delta}/{@code text-end}, tool steps as {@code tool-input-start},
 * {@code tool-input-available} and {@code tool-output-available}, then {@code finish-step}, {@code finish} and
 * {@code data: [DONE]}. A turn waiting for a client tool's output ends its response ({@link #pause}) and goes on in
 * the response of the request that brings the output ({@link #attach}). A turn paused for a person's approval ends
 * with the call's input and {@code tool-approval-request} (the Parley approval id as {@code approvalId}); the stream
 * of its resumed turn answers the decided call with {@code tool-output-available} or {@code tool-output-denied}.
 */
final class UiMessageStream implements TurnListener {
  private final Executor delivery;
  private final String messageId;
  private String decidedCallId;
  private boolean decidedDenied;
  private volatile Response current;
  private String textId;
  private int texts;
  private boolean stepOpen;
  private boolean textThisRound;

  /** One HTTP response's part of the stream; {@code onAbort} runs when the client leaves before its end. */
  final class Response {
    private final SubmissionPublisher<Event<Object>> events;
    private final Runnable onAbort;
    private volatile boolean ended;

    private Response(Runnable onAbort) {
      this.events = new SubmissionPublisher<>(delivery, 256);
      this.onAbort = onAbort;
    }

    /** The SSE body; {@code begin} runs once the client is subscribed, so no part is lost to a late subscriber. */
    Publisher<Event<Object>> publisher(Runnable begin) {
      Publisher<Event<Object>> inner = FlowAdapters.toPublisher(events);
      return subscriber -> inner.subscribe(WatchedSubscriber.subscribedThenCancel(subscriber, begin, () -> {
        if (!ended) {
          ended = true;
          events.close();
          onAbort.run(); // the client closed the connection (useChat's stop)
        }
      }));
    }

    private void send(Map<String, Object> part) {
      if (!ended && !events.isClosed()) events.submit(Event.of((Object) part));
    }

    private void end() {
      if (ended) return;
      events.submit(Event.of((Object) "[DONE]"));
      ended = true;
      events.close();
    }
  }

  UiMessageStream(Executor delivery) {
    this(delivery, null);
  }

  /** {@code messageId}: the assistant message this stream goes on with (a resumed approval's), or null for a new one. */
  UiMessageStream(Executor delivery, String messageId) {
    this.delivery = delivery;
    this.messageId = messageId == null || messageId.isBlank() ? "msg-" + UUID.randomUUID() : messageId;
  }

  /** This stream resumes a turn after a decision on {@code toolCallId}: the client already has the call's input. */
  synchronized void resumesDecided(String toolCallId, boolean denied) {
    this.decidedCallId = toolCallId;
    this.decidedDenied = denied;
  }

  /** A response for the start of the answer, or for its continuation after client tool outputs. */
  Response newResponse(Runnable onAbort) {
    return new Response(onAbort);
  }

  /** Makes {@code response} the one the answer goes to and opens it ({@code start}, then any leading data part). */
  synchronized void attach(Response response, Map<String, Object> sessionData) {
    current = response;
    response.send(Map.of("type", "start", "messageId", messageId));
    if (sessionData != null) response.send(Map.of("type", "data-parley-session", "data", sessionData, "transient", true));
  }

  /** Ends the response while a client tool runs in the browser: the client adds its output and sends again. */
  synchronized void pause() {
    closeStep();
    Response r = current;
    if (r == null) return;
    r.send(Map.of("type", "finish", "finishReason", "tool-calls"));
    r.end();
    current = null;
  }

  /** The turn's end: any text it did not stream (a replayed or unstreamed reply), then the closing parts. */
  synchronized void finish(TurnResult result) {
    List<Message> messages = result.messages();
    Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
    if (!textThisRound && last != null && last.toolCalls().isEmpty() && last.content() != null && !last.content().isEmpty()) {
      textDelta(last.content());
    }
    if (result.pendingApproval() != null) approvalRequest(result.pendingApproval());
    closeStep();
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("chat_id", result.chatId().toString());
    metadata.put("status", result.status());
    if (result.finalReason() != null) metadata.put("final_reason", result.finalReason());
    if (result.cancelled()) metadata.put("cancelled", true);
    if (result.pendingApproval() != null) metadata.put("pending_approval", result.pendingApproval().id().toString());
    String reason = result.cancelled() ? "other" : result.pendingApproval() != null ? "tool-calls" : "stop";
    send(Map.of("type", "finish", "finishReason", reason, "messageMetadata", metadata));
    end();
  }

  /** The paused call (the engine streams no part for it): its input, then the AI SDK's approval request. */
  private void approvalRequest(ToolApproval approval) {
    toolCall(approval.call());
    send(Map.of("type", "tool-approval-request", "approvalId", approval.id().toString(), "toolCallId", approval.call().id()));
  }

  /** The turn failed after the stream began: an {@code error} part, then the end. */
  synchronized void fail(String errorText) {
    closeText();
    send(Map.of("type", "error", "errorText", errorText));
    end();
  }

  @Override
  public boolean wantsTextDeltas() {
    return true;
  }

  @Override
  public synchronized void roundStarted(int position) {
    closeStep();
    send(Map.of("type", "start-step"));
    stepOpen = true;
    textThisRound = false;
  }

  @Override
  public synchronized void textDelta(String delta) {
    if (textId == null) {
      openStepIfNeeded();
      textId = "text-" + (++texts);
      send(Map.of("type", "text-start", "id", textId));
    }
    textThisRound = true;
    send(Map.of("type", "text-delta", "id", textId, "delta", delta));
  }

  @Override
  public synchronized void toolCall(ToolCall call) {
    closeText();
    openStepIfNeeded();
    if (decidedCallId != null && decidedCallId.equals(call.id())) return; // the client has this input, in state approval-responded
    send(Map.of("type", "tool-input-start", "toolCallId", call.id(), "toolName", call.name()));
    Map<String, Object> available = new LinkedHashMap<>();
    available.put("type", "tool-input-available");
    available.put("toolCallId", call.id());
    available.put("toolName", call.name());
    available.put("input", call.arguments() == null ? Map.of() : call.arguments());
    send(available);
  }

  @Override
  public synchronized void toolResult(ToolCall call) {
    openStepIfNeeded();
    if (decidedDenied && decidedCallId != null && decidedCallId.equals(call.id())) {
      send(Map.of("type", "tool-output-denied", "toolCallId", call.id()));
      return;
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("type", "tool-output-available");
    output.put("toolCallId", call.id());
    output.put("output", call.response() == null ? Map.of() : call.response());
    send(output);
  }

  private void openStepIfNeeded() {
    if (stepOpen) return;
    send(Map.of("type", "start-step"));
    stepOpen = true;
  }

  private void closeText() {
    if (textId == null) return;
    send(Map.of("type", "text-end", "id", textId));
    textId = null;
  }

  private void closeStep() {
    closeText();
    if (stepOpen) send(Map.of("type", "finish-step"));
    stepOpen = false;
  }

  private void send(Map<String, Object> part) {
    Response r = current;
    if (r != null) r.send(part);
  }

  private void end() {
    Response r = current;
    if (r != null) r.end();
    current = null;
  }
}
