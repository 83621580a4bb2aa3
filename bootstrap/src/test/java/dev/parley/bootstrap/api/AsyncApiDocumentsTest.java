package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.adapter.in.ws.WebCallErrors;
import dev.parley.adapter.in.ws.vendor.VendorChatErrors;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.AsyncApiContract;
import dev.parley.bootstrap.support.AsyncApiContract.Direction;
import dev.parley.bootstrap.support.HttpJson;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AsyncAPI documents of both sockets: served from the jar, every example valid, and the checker not blind. */
class AsyncApiDocumentsTest extends ApiTestBase {

  @Test
  void both_documents_are_served_from_the_jar() {
    for (String name : List.of("webcall.yml", "chat.yml")) {
      HttpJson.Response doc = http.get("/asyncapi/" + name);
      assertThat(doc.status()).as(name).isEqualTo(200);
      assertThat(doc.body()).as(name).startsWith("asyncapi: 3.0.0");
    }
  }

  @Test
  void every_message_has_an_example_that_satisfies_its_own_schema() {
    for (AsyncApiContract contract : List.of(AsyncApiContract.webCall(), AsyncApiContract.chat())) {
      assertThat(contract.messages()).isNotEmpty();
      for (AsyncApiContract.Message message : contract.messages()) {
        assertThat(message.examples()).as(message.name() + " examples").isNotEmpty();
        for (var example : message.examples())
          assertThat(contract.violations(message.direction(), example)).as(message.name() + " example " + example).isEmpty();
      }
    }
  }

  /** Every code the server's error constants name is in the document's enum, so a new code cannot go undocumented. */
  @Test
  void every_error_code_of_the_code_is_in_the_documents_enum() throws IllegalAccessException {
    for (String code : constants(WebCallErrors.class))
      assertThat(AsyncApiContract.webCall().violations(Direction.SERVER_TO_CLIENT, Map.of("type", "error", "timestamp",
          "2025-01-20T10:00:00Z", "seq", 1, "data", Map.of("code", code, "message", "m")))).as(code).isEmpty();
    for (String code : constants(VendorChatErrors.class))
      assertThat(AsyncApiContract.chat().violations(Direction.SERVER_TO_CLIENT, Map.of("event_type", "error", "timestamp",
          "2025-01-20T10:00:00Z", "code", code, "message", "m"))).as(code).isEmpty();
  }

  private static List<String> constants(Class<?> holder) throws IllegalAccessException {
    List<String> codes = new ArrayList<>();
    for (Field f : holder.getFields())
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) codes.add((String) f.get(null));
    assertThat(codes).isNotEmpty();
    return codes;
  }

  @Test
  void frames_that_break_the_documents_are_reported() {
    AsyncApiContract webCall = AsyncApiContract.webCall();
    assertThat(webCall.violations(Direction.SERVER_TO_CLIENT, Map.of("type", "error", "timestamp", "2025-01-20T10:00:00Z", "seq", 1,
        "data", Map.of("code", "no_such_code", "message", "x")))).singleElement().asString().contains("/data/code");
    assertThat(webCall.violations(Direction.SERVER_TO_CLIENT, Map.of("type", "nonsense"))).singleElement().asString()
        .contains("none of the messages");
    assertThat(webCall.violations(Direction.CLIENT_TO_SERVER, Map.of("type", "incomingChatMessage", "content", 5))).isNotEmpty();
    AsyncApiContract chat = AsyncApiContract.chat();
    assertThat(chat.violations(Direction.SERVER_TO_CLIENT, Map.of("event_type", "message_stream_token", "timestamp", "2025-01-20T10:00:00Z",
        "message_id", "not-an-id", "token", "a", "index", 0))).singleElement().asString().contains("/message_id");
    assertThat(chat.violations(Direction.CLIENT_TO_SERVER, Map.of("content", "hello", "metadata", Map.of("k", 1)))).isEmpty();
    assertThat(chat.violations(Direction.CLIENT_TO_SERVER, Map.of("content", "  "))).singleElement().asString().contains("/content");
  }
}
