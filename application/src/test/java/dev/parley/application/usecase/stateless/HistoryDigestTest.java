package dev.parley.application.usecase.stateless;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.SessionDocument;
import dev.parley.domain.common.Sha256;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryDigestTest {
  private static final Instant T1 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Instant T2 = Instant.parse("2030-01-01T00:00:00Z");

  private static Message toolTurn(Object arguments, Object response, Instant time) {
    return new Message(Role.ASSISTANT, "", List.of(new ToolCall("call_1", "lookupOrder", arguments, response)), time);
  }

  @Test
  void the_digest_is_sha256_of_the_canonical_json_array_of_role_content_and_tool_calls() {
    List<Message> history = List.of(Message.user("hi \"there\"", T1), toolTurn(Map.of("id", "42"), Map.of("status", "ok"), T1));
    String expected = Sha256.hex("[{\"content\":\"hi \\\"there\\\"\",\"role\":\"user\",\"tool_calls\":[]},"
        + "{\"content\":\"\",\"role\":\"assistant\",\"tool_calls\":[{\"arguments\":{\"id\":\"42\"},\"id\":\"call_1\","
        + "\"name\":\"lookupOrder\",\"response\":{\"status\":\"ok\"}}]}]");
    assertThat(HistoryDigest.of(history)).isEqualTo(expected);
    assertThat(HistoryDigest.of(List.of())).isEqualTo(Sha256.hex("[]"));
  }

  @Test
  void time_does_not_count_but_role_content_and_tool_calls_do() {
    List<Message> base = List.of(Message.user("hello", T1), Message.assistant("You said: hello", T1));
    String digest = HistoryDigest.of(base);
    assertThat(HistoryDigest.of(List.of(Message.user("hello", T2), Message.assistant("You said: hello", T2)))).isEqualTo(digest);
    assertThat(HistoryDigest.of(List.of(Message.user("hello", T1), Message.assistant("You said: hello!", T1)))).isNotEqualTo(digest);
    assertThat(HistoryDigest.of(List.of(Message.user("hello", T1), Message.user("You said: hello", T1)))).isNotEqualTo(digest);
    assertThat(HistoryDigest.of(List.of(toolTurn(Map.of("id", "42"), "a", T1))))
        .isNotEqualTo(HistoryDigest.of(List.of(toolTurn(Map.of("id", "43"), "a", T1))));
    assertThat(HistoryDigest.of(List.of(toolTurn(Map.of(), "a", T1))))
        .isNotEqualTo(HistoryDigest.of(List.of(toolTurn(Map.of(), "b", T1))));
  }

  @Test
  void json_that_round_trips_through_a_client_keeps_its_digest() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    ordered.put("b", 1);
    ordered.put("a", 2.50);
    Map<String, Object> reordered = new LinkedHashMap<>();
    reordered.put("a", new BigDecimal("2.5"));
    reordered.put("b", 1L);
    assertThat(HistoryDigest.of(List.of(toolTurn(ordered, null, T1))))
        .isEqualTo(HistoryDigest.of(List.of(toolTurn(reordered, null, T2))));
  }

  @Test
  void the_hand_written_canonical_form_is_the_canonical_json_of_the_message_document() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("z", List.of(1, 2.50, "t\u0001ab\"s"));
    arguments.put("a", Map.of("nested", true));
    for (Message m : List.of(Message.user("plain", T1), Message.assistant("with \"quotes\" and \\ and\nlines", T1),
        toolTurn(arguments, Map.of("status", "ok", "n", 3), T1), toolTurn(null, null, T1))) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("role", WireNames.of(m.role()));
      doc.put("content", m.content());
      doc.put("tool_calls", SessionDocument.toolCalls(m.toolCalls()));
      assertThat(HistoryDigest.canonical(m)).isEqualTo(dev.parley.domain.common.CanonicalJson.write(doc));
    }
  }

  @Test
  void the_running_digest_equals_the_digest_of_each_prefix() {
    List<Message> history = List.of(Message.user("one", T1), Message.assistant("two", T1), Message.user("three", T1));
    HistoryDigest running = HistoryDigest.start();
    for (int i = 0; i < history.size(); i++) {
      running.add(history.get(i));
      assertThat(running.current()).isEqualTo(HistoryDigest.of(history.subList(0, i + 1)));
    }
  }
}
