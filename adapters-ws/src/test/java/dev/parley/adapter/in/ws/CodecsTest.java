package dev.parley.adapter.in.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adapter.in.ws.kernel.Failure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webCall codec: frames to commands, and failures to error frames, without a server. */
class CodecsTest {

  @Test
  void a_chat_message_is_checked_before_it_becomes_a_command() {
    assertThat(WebCallCodec.decode(Map.of("type", "incomingChatMessage", "content", "hi"), 10))
        .isEqualTo(new WebCallCodec.ChatMessage("hi"));
    assertThat(WebCallCodec.decode(Map.of("type", "incomingChatMessage", "content", "x".repeat(11)), 10))
        .isEqualTo(new WebCallCodec.Invalid("incomingChatMessage", "content_too_large", "content is 11 characters; the limit is 10"));
    assertThat(((WebCallCodec.Invalid) WebCallCodec.decode(Map.of("type", "incomingChatMessage", "content", " "), 10)).code())
        .isEqualTo("invalid_message");
    assertThat(((WebCallCodec.Invalid) WebCallCodec.decode(Map.of("type", "dance"), 10)).code()).isEqualTo("unknown_type");
    assertThat(WebCallCodec.decode(Map.of("type", "websocketToolResponse", "data", Map.of("toolCallId", "c1", "result", 3)), 10))
        .isEqualTo(new WebCallCodec.ToolResponse("c1", 3));
  }

  @Test
  void turn_failures_become_the_protocols_error_codes() {
    assertThat(code(new Failure(Failure.Kind.REFUSED, "turn_in_progress", "busy"))).isEqualTo("turn_in_progress");
    assertThat(code(new Failure(Failure.Kind.INVALID, null, "bad"))).isEqualTo("invalid_message");
    assertThat(code(new Failure(Failure.Kind.DATABASE_UNAVAILABLE, "database_unavailable", "later"))).isEqualTo("database_unavailable");
    assertThat(code(new Failure(Failure.Kind.INTERNAL, "internal_error", null))).isEqualTo("internal_error");
  }

  @SuppressWarnings("unchecked")
  private static Object code(Failure failure) {
    Frame frame = WebCallCodec.error(failure);
    assertThat(frame.type()).isEqualTo("error");
    return ((Map<String, Object>) frame.payload()).get("code");
  }
}
