package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.CommitCounter;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WsClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 25: one socket message costs at most 2 durable commits — the turn lease's claim and the turn's own commit,
 * which also logs the user's frame, the reply frames and the delivery cursor (docs/decisions/0019). Counted beneath
 * the server's connection pool ({@link CommitCounter}), with the jobs that write on their own (sweeper, outbox) off.
 */
class CommitsPerMessageTest extends ApiTestBase {
  private static final int MESSAGES = 12;
  private String token;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.test.count-commits", "true", "parley.sweeper.enabled", "false", "parley.outbox.enabled", "false");
  }

  @BeforeAll
  void agentAndIntegration() {
    HttpJson.Response agent = http.post("/api/v1/agents", Map.of("name", "Echo", "greeting", "Hi there", "model", Map.of("provider", "scripted"),
        "script", Map.of("rules", List.of(), "fallback", "You said: {{last_user_message}}")));
    assertThat(agent.status()).as(agent.body()).isEqualTo(201);
    HttpJson.Response integration = http.post("/api/v1/agents/" + agent.json().get("id") + "/web-integrations",
        Map.of("allow_web_chat", true));
    assertThat(integration.status()).as(integration.body()).isEqualTo(201);
    token = (String) integration.json().get("token");
  }

  private CommitCounter counter() {
    return context.getBean(CommitCounter.class);
  }

  @Test
  void a_webcall_message_costs_at_most_two_commits() throws InterruptedException {
    try (WsClient ws = WsClient.connect(server.getURI(), "?token=" + token)) {
      ws.send(Map.of("type", "initialize", "timestamp", Instant.now().toString(), "request", Map.of("callType", "chat")));
      ws.awaitEvent("opened");
      ws.awaitText("assistant", "Hi there");
      Thread.sleep(300); // the greeting's commit is not a message's
      counter().reset();
      for (int i = 0; i < MESSAGES; i++) {
        ws.send(Map.of("type", "incomingChatMessage", "content", "message " + i, "timestamp", Instant.now().toString()));
        ws.awaitText("assistant", "You said: message " + i);
      }
      Thread.sleep(300); // anything the last message still writes
      assertPerMessage(counter().commits());
    }
  }

  @Test
  void a_chat_socket_message_costs_at_most_two_commits() throws InterruptedException {
    HttpJson.Response chat = http.post("/api/v1/chats/", Map.of("user_id", "counted"));
    assertThat(chat.status()).as(chat.body()).isEqualTo(201);
    String chatId = (String) chat.json().get("id");
    try (WsClient ws = WsClient.connectTo(server.getURI(), "/ws/chat?api_key=" + apiKey + "&user_id=counted&chat_id=" + chatId,
        Map.of())) {
      ws.await(m -> "connection_established".equals(m.get("event_type")), "connection_established");
      Thread.sleep(300);
      counter().reset();
      for (int i = 0; i < MESSAGES; i++) {
        String id = chatId + ":" + (2 * i + 2);
        ws.send(Map.of("content", "message " + i));
        ws.await(m -> "message_stream_ended".equals(m.get("event_type")) && id.equals(m.get("message_id")), "reply " + i);
      }
      Thread.sleep(300);
      assertPerMessage(counter().commits());
    }
  }

  private static void assertPerMessage(List<String> commits) {
    System.out.printf("%d durable commits for %d messages; the last message's:%n%s%n", commits.size(), MESSAGES,
        String.join("\n", commits.subList(Math.max(0, commits.size() - commits.size() / MESSAGES), commits.size())));
    assertThat(commits.size()).as("durable commits for %d messages (%.2f per message):%n%s", MESSAGES,
        commits.size() / (double) MESSAGES, String.join("\n", commits)).isLessThanOrEqualTo(2 * MESSAGES);
  }
}
