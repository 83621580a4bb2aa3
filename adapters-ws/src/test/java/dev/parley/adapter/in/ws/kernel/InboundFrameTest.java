package dev.parley.adapter.in.ws.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The kernel's size check and parse of client frames, without a server. */
class InboundFrameTest {
  private final SocketJson json = new SocketJson(JsonMapper.createDefault());

  @Test
  void the_size_is_counted_in_utf8_bytes_not_characters() {
    assertThat(InboundFrame.tooLarge("a".repeat(10), 10)).isFalse();
    assertThat(InboundFrame.tooLarge("a".repeat(11), 10)).isTrue();
    assertThat(InboundFrame.tooLarge("é".repeat(5), 10)).as("2 bytes each").isFalse();
    assertThat(InboundFrame.tooLarge("é".repeat(6), 10)).isTrue();
    assertThat(InboundFrame.tooLarge("€".repeat(3), 9)).as("3 bytes each").isFalse();
    assertThat(InboundFrame.tooLarge("€".repeat(4), 9)).isTrue();
    assertThat(InboundFrame.tooLarge("😀".repeat(2), 8)).as("a surrogate pair is 4 bytes").isFalse();
    assertThat(InboundFrame.tooLarge("😀".repeat(3), 8)).isTrue();
  }

  @Test
  void a_frame_is_too_large_not_json_not_an_object_or_its_fields() {
    assertThat(InboundFrame.parse("{\"content\":\"" + "x".repeat(100) + "\"}", 64, json).problem())
        .isEqualTo(InboundFrame.Problem.TOO_LARGE);
    assertThat(InboundFrame.parse("{not json", 64, json).problem()).isEqualTo(InboundFrame.Problem.NOT_JSON);
    assertThat(InboundFrame.parse("[1,2]", 64, json).problem()).isEqualTo(InboundFrame.Problem.NOT_AN_OBJECT);
    InboundFrame ok = InboundFrame.parse("{\"type\":\"terminate\"}", 64, json);
    assertThat(ok.problem()).isNull();
    assertThat(ok.fields()).containsEntry("type", "terminate");
  }
}
