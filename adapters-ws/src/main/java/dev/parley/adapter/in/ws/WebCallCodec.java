package dev.parley.adapter.in.ws;

import static dev.parley.adapter.in.ws.WebCallErrors.CONTENT_TOO_LARGE;
import static dev.parley.adapter.in.ws.WebCallErrors.INVALID_MESSAGE;
import static dev.parley.adapter.in.ws.WebCallErrors.UNKNOWN_TYPE;
import static dev.parley.adapter.in.ws.WebCallErrors.UNSUPPORTED_CALL_TYPE;

import dev.parley.adapter.in.ws.kernel.Failure;
import dev.parley.adapter.in.ws.kernel.InboundFrame;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.session.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Seed 05's webCall protocol as data: client frames to commands, and what happened to frames. It holds no state and
 * calls nothing; {@link WebCallConnection} acts on the commands.
 */
final class WebCallCodec {
  private WebCallCodec() {}

  /** What a client frame asks for. */
  sealed interface Command permits Initialize, ChatMessage, Terminate, ToolResponse, Cancel, Invalid {}

  /** {@code request} is read further only once the open is admitted (rate limits come first). */
  record Initialize(Map<?, ?> request, Map<String, Object> additionalData) implements Command {}

  record ChatMessage(String content) implements Command {}

  record Terminate() implements Command {}

  /** Stop the chat's running turn (issue 20); handled at once, not queued behind that turn. */
  record Cancel() implements Command {}

  /** {@code id} null: the frame named no tool call. */
  record ToolResponse(String id, Object result) implements Command {}

  /** A frame that cannot be served; {@code type} is its type when it had a known one (its preconditions come first). */
  record Invalid(String type, String code, String message) implements Command {}

  static String type(Map<String, Object> frame) {
    Object type = frame.get("type");
    return type == null ? "" : String.valueOf(type);
  }

  @SuppressWarnings("unchecked")
  static Command decode(Map<String, Object> frame, int maxMessageChars) {
    String type = type(frame);
    switch (type) {
      case "initialize" -> {
        if (!(frame.get("request") instanceof Map<?, ?> request))
          return new Invalid(type, INVALID_MESSAGE, "initialize needs request: {\"callType\": \"chat\", \"additionalData\": {...}}");
        Object callType = request.get("callType");
        if (!"chat".equals(callType))
          return new Invalid(type, UNSUPPORTED_CALL_TYPE, (callType == null ? "request.callType is missing"
              : "callType '" + callType + "' is not supported") + ": this server serves text chat (callType 'chat')");
        Object additional = request.get("additionalData");
        if (additional != null && !(additional instanceof Map))
          return new Invalid(type, INVALID_MESSAGE, "request.additionalData must be an object");
        return new Initialize(request, (Map<String, Object>) additional);
      }
      case "incomingChatMessage" -> {
        if (!(frame.get("content") instanceof String content) || content.isBlank())
          return new Invalid(type, INVALID_MESSAGE, "incomingChatMessage needs content: a non-empty string");
        if (content.length() > maxMessageChars)
          return new Invalid(type, CONTENT_TOO_LARGE, "content is " + content.length() + " characters; the limit is " + maxMessageChars);
        try {
          Message.requireStorable(content); // before the echo: a message that cannot be stored is not shown as sent
        } catch (InvalidValueException e) {
          return new Invalid(type, INVALID_MESSAGE, e.getMessage());
        }
        return new ChatMessage(content);
      }
      case "terminate" -> {
        return new Terminate();
      }
      case "cancel" -> {
        return new Cancel();
      }
      case "websocketToolResponse" -> {
        Map<?, ?> data = frame.get("data") instanceof Map<?, ?> d ? d : frame;
        Object id = data.get("toolCallId") != null ? data.get("toolCallId") : data.get("id");
        Object result = data.get("error") != null ? ToolExecutor.errorResult(String.valueOf(data.get("error"))) : data.get("result");
        return new ToolResponse(id == null ? null : String.valueOf(id), result);
      }
      case "" -> {
        return new Invalid(null, INVALID_MESSAGE, "a message needs a type");
      }
      default -> {
        return new Invalid(null, UNKNOWN_TYPE, "unknown message type '" + type
            + "'; expected initialize, incomingChatMessage, websocketToolResponse or terminate");
      }
    }
  }

  // --- results to frames

  /** The chat changed hands: {@code human} while a person holds it, {@code agent} when its agent does again. */
  static Frame modeChanged(boolean human) {
    return new Frame("event", "modeChanged", "data", Map.of("mode", human ? "human" : "agent"), Frame.Storage.LOGGED);
  }

  /** A turn paused at a tool call that waits for a person's decision (POST .../approvals/{id} over REST). */
  static Frame approvalRequested(dev.parley.domain.session.ToolApproval approval) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", approval.id().toString());
    data.put("tool", approval.call().name());
    data.put("arguments", approval.call().arguments());
    return new Frame("event", "approvalRequested", "data", data, Frame.Storage.LOGGED);
  }

  /** The answer to {@code cancel}: whether a turn was running and was stopped. */
  static Frame cancelled(boolean cancelled) {
    return new Frame("event", "cancelled", "data", Map.of("cancelled", cancelled), Frame.Storage.LOGGED);
  }

  static Frame error(String code, String message) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("code", code);
    data.put("message", message);
    return new Frame("error", null, "data", data, Frame.Storage.LOGGED);
  }

  static Frame alreadyInitialized(UUID chatId) {
    return error(WebCallErrors.ALREADY_INITIALIZED, "this socket already carries conversation " + chatId + "; initialize is sent once");
  }

  static Frame initializeFirst() {
    return error(WebCallErrors.INITIALIZE_NOT_RECEIVED, "send initialize (request.callType 'chat') before other messages");
  }

  /** More incomingChatMessages from the client address than its budget: this one is not taken. */
  static Frame rateLimited(long retryAfterSeconds) {
    return error(WebCallErrors.RATE_LIMITED, "too many messages; retry after " + retryAfterSeconds + " s");
  }

  static Frame tooManyMessages() {
    return error(WebCallErrors.TOO_MANY_MESSAGES, "too many messages are waiting for the running turn; some were dropped");
  }

  /** A websocketToolResponse that answers no waiting request ({@code id} null: it named none). */
  static Frame unknownToolCall(String id) {
    return error(WebCallErrors.UNKNOWN_TOOL_CALL, "no websocketToolRequest " + (id == null ? "(data.toolCallId missing)"
        : "'" + id + "'") + " is waiting for an answer");
  }

  /** The answer to a frame that could not be read. */
  static Frame unreadable(InboundFrame.Problem problem, int maxFrameBytes) {
    return switch (problem) {
      case TOO_LARGE -> error(WebCallErrors.MESSAGE_TOO_LARGE, "a message may be at most " + maxFrameBytes + " bytes");
      case NOT_JSON -> error(WebCallErrors.MALFORMED_JSON, "the message is not valid JSON");
      case NOT_AN_OBJECT -> error(INVALID_MESSAGE, "a message must be a JSON object with a type");
    };
  }

  /** A failed turn's error frame (an ending is not an error: the caller ends the conversation instead). */
  static Frame error(Failure failure) {
    return switch (failure.kind()) {
      case REFUSED, CONTENT_TOO_LARGE, DATABASE_UNAVAILABLE, CHAT_ENDED -> error(failure.code(), failure.message());
      case INVALID -> error(INVALID_MESSAGE, failure.message());
      case CHAT_NOT_FOUND, INTERNAL -> error(WebCallErrors.INTERNAL_ERROR, "the server could not handle the message; the conversation goes on");
    };
  }

  /** The {@code connection} event: it holds the resume token, so the log keeps it without its payload. */
  static Frame connection(SessionHeader session, String resumeToken, boolean resumed) {
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("recordId", session.id().toString());
    connection.put("resumeToken", resumeToken);
    connection.put("callId", session.callId().toString());
    connection.put("agentId", session.agentId().toString());
    connection.put("resumed", resumed);
    return new Frame("event", "connection", "data", connection, Frame.Storage.REDACTED);
  }

  static Frame opened(SessionHeader session) {
    return new Frame("event", "opened", "data", Map.of("recordId", session.id().toString()), Frame.Storage.LOGGED);
  }

  static Frame conversationResult(ChatSession session, Instant now) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("callId", session.callId().toString());
    metadata.put("agentId", session.agentId().toString());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", session.finalReason().orElse(null) == FinalReason.ERROR ? "failed" : "completed");
    result.put("duration", Duration.between(session.createdAt(), session.endedAt().orElse(now)).toSeconds());
    result.put("metadata", metadata);
    result.put("recordId", session.id().toString());
    result.put("finalReason", WireNames.of(session.finalReason().orElse(null)));
    return new Frame("conversationResult", null, "result", result, Frame.Storage.LOGGED);
  }

  static Frame closed(ChatSession session) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("recordId", session.id().toString());
    data.put("reason", WireNames.of(session.finalReason().orElse(null)));
    return new Frame("event", "closed", "data", data, Frame.Storage.LOGGED);
  }

  /**
   * The frames a transcript message shows as: user echo, tool steps, assistant text, an operator's text as the
   * assistant's under the operator's name (system messages: none).
   */
  static List<Frame> framesOf(Message m) {
    List<Frame> frames = new ArrayList<>(2);
    if (m.role() == Role.USER) frames.add(userEcho(m.content()));
    else if (m.role() == Role.ASSISTANT && m.isToolTurn()) {
      for (ToolCall call : m.toolCalls()) {
        frames.add(toolCall(call));
        frames.add(toolResult(call));
      }
    } else if (m.role() == Role.ASSISTANT && !m.content().isEmpty()) frames.add(assistantText(m));
    else if (m.role() == Role.OPERATOR) frames.add(operatorText(m.content(), m.author().name()));
    return frames;
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

  /** The agent's reply, with the {@code usage} and {@code model} of the call that wrote it when a model did. */
  static Frame assistantText(Message m) {
    Frame frame = assistantText(m.content());
    @SuppressWarnings("unchecked")
    Map<String, Object> content = (Map<String, Object>) frame.payload();
    dev.parley.adapter.in.ws.kernel.UsageFields.put(content, m);
    return frame;
  }

  /** A person who took the chat over speaks: seed 05's assistant text frame, with {@code name} set to theirs. */
  static Frame operatorText(String text, String operatorName) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("source", "assistant");
    content.put("text", text);
    content.put("name", operatorName);
    return new Frame("text", null, "content", content, Frame.Storage.REPLAYABLE);
  }

  /** A piece of the reply the model is writing, for a socket that asked for {@code request.streaming}. */
  static Frame textDelta(String delta) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("source", "assistant");
    content.put("delta", delta);
    return new Frame("textDelta", null, "content", content, Frame.Storage.UNNUMBERED);
  }

  static Frame toolCall(ToolCall call) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolCallId", call.id());
    data.put("name", call.name());
    data.put("arguments", call.arguments());
    return new Frame("toolCall", null, "data", data, Frame.Storage.REPLAYABLE);
  }

  static Frame toolResult(ToolCall call) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolCallId", call.id());
    data.put("name", call.name());
    data.put("result", call.response());
    return new Frame("toolCallResult", null, "data", data, Frame.Storage.REPLAYABLE);
  }

  static Frame toolRequest(ToolCall call, long timeoutMs) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("toolCallId", call.id());
    data.put("name", call.name());
    data.put("arguments", call.arguments());
    data.put("timeoutMs", timeoutMs);
    return new Frame("websocketToolRequest", null, "data", data, Frame.Storage.LOGGED);
  }
}
