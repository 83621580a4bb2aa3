package dev.parley.adapter.in.ws.vendor;

import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CONTENT_TOO_LARGE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INTERNAL_ERROR;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.MALFORMED_MESSAGE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.MESSAGE_TOO_LARGE;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.RATE_LIMITED;

import dev.parley.adapter.in.ws.kernel.Failure;
import dev.parley.adapter.in.ws.kernel.InboundFrame;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.Clock;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code /ws/chat} protocol as data: a client frame to a command, and what happened to events — each an object
 * with {@code event_type} and {@code timestamp} first, then its own fields. It holds no state and calls nothing.
 */
final class ChatCodec {
  private final Clock clock;

  ChatCodec(Clock clock) {
    this.clock = clock;
  }

  /** What a client frame asks for. */
  sealed interface Command permits UserMessage, Cancel, Invalid {}

  /** A user message: it starts a turn. {@code metadata} is echoed, not stored. */
  record UserMessage(String content, Map<String, Object> metadata) implements Command {}

  /** {@code {"type": "cancel"}}: stop the chat's running turn, as {@code POST /api/v1/chats/{id}/cancel} does. */
  record Cancel() implements Command {}

  /** A frame that is not taken; the socket stays open. */
  record Invalid(String code, String message) implements Command {}

  static Invalid unreadable(InboundFrame.Problem problem, int maxFrameBytes) {
    return switch (problem) {
      case TOO_LARGE -> new Invalid(MESSAGE_TOO_LARGE, "a message may be at most " + maxFrameBytes + " bytes");
      case NOT_JSON -> new Invalid(MALFORMED_MESSAGE, "the message is not valid JSON");
      case NOT_AN_OBJECT -> new Invalid(MALFORMED_MESSAGE, "a message is a JSON object: {\"content\": \"...\", \"metadata\": {...}}");
    };
  }

  @SuppressWarnings("unchecked")
  static Command decode(Map<String, Object> frame, int maxMessageChars) {
    Object type = frame.get("type");
    if ("cancel".equals(type)) return new Cancel();
    if (type != null) return new Invalid(MALFORMED_MESSAGE, "type must be \"cancel\" when present (a user message has none)");
    if (!(frame.get("content") instanceof String content) || content.isBlank())
      return new Invalid(MALFORMED_MESSAGE, "content must be a non-empty string");
    Object metadata = frame.get("metadata");
    if (metadata != null && !(metadata instanceof Map)) return new Invalid(MALFORMED_MESSAGE, "metadata must be an object when present");
    if (content.length() > maxMessageChars)
      return new Invalid(CONTENT_TOO_LARGE, "content is " + content.length() + " characters; the limit is " + maxMessageChars);
    try {
      Message.requireStorable(content); // here, not in the turn: the answer must come before the socket takes the next message
    } catch (InvalidValueException e) {
      return new Invalid(MALFORMED_MESSAGE, e.getMessage());
    }
    return new UserMessage(content, (Map<String, Object>) metadata);
  }

  // --- events

  /** A new server event: {@code event_type} and {@code timestamp} first, then its own fields. */
  Map<String, Object> event(String type) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_type", type);
    m.put("timestamp", clock.now().toString());
    return m;
  }

  Map<String, Object> error(String code, String message) {
    Map<String, Object> e = event("error");
    e.put("code", code);
    e.put("message", message);
    return e;
  }

  /** The API key's budget (REST and socket together) is spent: this message is not taken. */
  Map<String, Object> rateLimited(long retryAfterSeconds) {
    Map<String, Object> e = error(RATE_LIMITED, "too many messages; retry after " + retryAfterSeconds + " s");
    e.put("retry_after", retryAfterSeconds);
    return e;
  }

  /** A failed turn's error event (an ending or a vanished chat ends the socket instead: the caller's part). */
  Map<String, Object> error(Failure failure) {
    return switch (failure.kind()) {
      case INVALID -> error(MALFORMED_MESSAGE, failure.message());
      case INTERNAL -> error(INTERNAL_ERROR, "the server could not complete the reply; the chat goes on");
      default -> error(failure.code(), failure.message()); // turn_in_progress, agent_missing, content_too_large, outage
    };
  }

  Map<String, Object> established(String userId, UUID chatId, UUID tenantId) {
    Map<String, Object> e = event("connection_established");
    e.put("user_id", userId);
    e.put("chat_id", chatId.toString());
    e.put("tenant_id", tenantId.toString());
    return e;
  }

  Map<String, Object> userCreated(String userId) {
    Map<String, Object> e = event("user_created");
    e.put("user_id", userId);
    return e;
  }

  /** The answer to a cancel frame: whether a turn was running and was stopped. */
  Map<String, Object> cancelled(UUID chatId, boolean cancelled) {
    Map<String, Object> e = event("turn_cancelled");
    e.put("chat_id", chatId.toString());
    e.put("cancelled", cancelled);
    return e;
  }

  /** The chat changed hands: {@code human} while a person holds it, {@code agent} when its agent does again. */
  Map<String, Object> modeChanged(UUID chatId, boolean human) {
    Map<String, Object> e = event("mode_changed");
    e.put("chat_id", chatId.toString());
    e.put("mode", human ? "human" : "agent");
    return e;
  }

  /** A turn paused at a tool call that waits for a person's decision (POST .../approvals/{id} over REST). */
  Map<String, Object> approvalRequested(UUID chatId, dev.parley.domain.session.ToolApproval approval) {
    Map<String, Object> e = event("approval_requested");
    e.put("chat_id", chatId.toString());
    Map<String, Object> a = new java.util.LinkedHashMap<>();
    a.put("id", approval.id().toString());
    a.put("tool", approval.call().name());
    a.put("arguments", approval.call().arguments());
    e.put("approval", a);
    return e;
  }

  /** An operator's message: a reply's events, marked with {@code role} operator and the operator's {@code name}. */
  Map<String, Object> byOperator(Map<String, Object> event, String name) {
    event.put("role", "operator");
    event.put("name", name);
    return event;
  }

  static String endedMessage(ChatSession session) {
    String reason = session.finalReason().map(WireNames::of).orElse("ended");
    return "chat " + session.id() + " has ended (" + reason + "); a final chat takes no more messages";
  }

  // --- a turn's events; message ids are <chat_id>:<seq>, the ids of GET /api/v1/chats/{id}/messages

  static String messageId(UUID chatId, int seq) {
    return chatId + ":" + seq;
  }

  /** An event about one message of the chat: {@code message_id} and {@code chat_id} after the common fields. */
  Map<String, Object> about(String type, UUID chatId, String messageId) {
    Map<String, Object> e = event(type);
    e.put("message_id", messageId);
    e.put("chat_id", chatId.toString());
    return e;
  }

  Map<String, Object> received(UUID chatId, String messageId, String content, Map<String, Object> metadata) {
    Map<String, Object> e = about("message_received", chatId, messageId);
    e.put("content", content);
    e.put("metadata", metadata);
    return e;
  }

  Map<String, Object> token(String messageId, String piece, int index) {
    Map<String, Object> e = event("message_stream_token");
    e.put("message_id", messageId);
    e.put("token", piece);
    e.put("index", index);
    return e;
  }

  Map<String, Object> ended(UUID chatId, String messageId, String content, boolean isFinal, String status, String finalReason) {
    Map<String, Object> e = about("message_stream_ended", chatId, messageId);
    e.put("content", content);
    e.put("is_final", isFinal);
    e.put("status", status);
    e.put("final_reason", finalReason);
    return e;
  }

  /**
   * A reply a model wrote: {@code message_stream_ended} with the {@code usage} of the call that wrote it and the
   * {@code model} that answered (both left out of replies no model wrote: scripted, apologies, operators).
   */
  Map<String, Object> ended(UUID chatId, String messageId, Message reply, boolean isFinal, String status, String finalReason) {
    Map<String, Object> e = ended(chatId, messageId, reply.content(), isFinal, status, finalReason);
    dev.parley.adapter.in.ws.kernel.UsageFields.put(e, reply);
    return e;
  }

  Map<String, Object> toolCall(UUID chatId, String messageId, ToolCall call) {
    Map<String, Object> e = about("tool_call", chatId, messageId);
    e.put("tool_call_id", call.id());
    e.put("name", call.name());
    e.put("arguments", call.arguments());
    return e;
  }

  Map<String, Object> toolResult(UUID chatId, String messageId, ToolCall call) {
    Map<String, Object> e = about("tool_result", chatId, messageId);
    e.put("tool_call_id", call.id());
    e.put("name", call.name());
    e.put("result", call.response());
    return e;
  }
}
