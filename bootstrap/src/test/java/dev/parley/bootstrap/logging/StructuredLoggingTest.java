package dev.parley.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the server logs at INFO and above during a whole conversation: access lines carrying tenant_id, chat_id and
 * call_id, and never an API key, the operator key, a webhook secret or a message's text.
 */
class StructuredLoggingTest extends ApiTestBase {
  private static final String SECRET = "whsec-do-not-log-7f3a";
  private static final String CONTENT = "my card is 4111-1111-do-not-log";
  private final WebhookReceiver receiver = new WebhookReceiver();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>() {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing(); // takes the MDC now, as a real appender would while writing
      super.append(event);
    }
  };
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private final Level rootLevel = root.getLevel();
  private final List<ch.qos.logback.core.Appender<ILoggingEvent>> quieted = new ArrayList<>();

  StructuredLoggingTest() {
    // The tests' logback configuration logs WARN and up; this class looks at INFO, captured in memory (the console
    // appenders are detached meanwhile so the run stays quiet). Attached before the server starts, so its start-up
    // is captured too.
    root.iteratorForAppenders().forEachRemaining(quieted::add);
    quieted.forEach(root::detachAppender);
    captured.start();
    root.addAppender(captured);
    root.setLevel(Level.INFO);
  }

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms", "parley.test.log-context-probe", true);
  }

  @AfterAll
  void detach() {
    root.detachAppender(captured);
    root.setLevel(rootLevel);
    quieted.forEach(root::addAppender);
    receiver.close();
  }

  private List<ILoggingEvent> infoAndAbove() {
    return new ArrayList<>(captured.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).toList();
  }

  private static String everything(ILoggingEvent e) {
    StringBuilder text = new StringBuilder(e.getFormattedMessage()).append(' ').append(e.getMDCPropertyMap());
    for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) text.append(' ').append(t.getMessage());
    return text.toString();
  }

  @Test
  void controllers_run_with_the_tenant_and_chat_in_the_logging_context() {
    String chat = (String) http.post("/api/v1/chats", Map.of()).json().get("id");
    Map<String, Object> mdc = http.get("/api/v1/chats/" + chat + "/log-context").json();
    assertThat(mdc).containsEntry("chat_id", chat).containsKey("tenant_id");
    assertThat((String) mdc.get("tenant_id")).matches("[0-9a-f-]{36}");
  }

  @Test
  void a_whole_conversation_logs_ids_but_no_keys_secrets_or_message_text() {
    Map<String, Object> agent = Map.of("name", "Logged", "greeting", "Hi",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)card",
                "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")), "reply", "Noted: {{last_user_message}}")),
            "fallback", "You said: {{last_user_message}}"),
        "tools", List.of(Map.of("name", "lookupOrder", "description", "Find an order", "parameters", Map.of("type", "object"),
            "webhook", Map.of("url", receiver.url("/tools/lookupOrder"), "timeout_ms", 2000))),
        "completion_webhook", Map.of("url", receiver.url("/hooks/logged"), "secret", SECRET));
    String agentId = (String) http.post("/api/v1/agents", agent).json().get("id");
    Map<String, Object> opened = http.post("/api/v1/chats", Map.of("agent_id", agentId)).json();
    String chat = (String) opened.get("id");
    String callId = (String) opened.get("call_id");
    assertThat(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", CONTENT)).status()).isEqualTo(200);
    http.post("/api/v1/chats/" + chat + "/end", Map.of("note", "bye"));
    await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requestsTo("/hooks/logged").isEmpty());
    assertThat(http.withKey("pk_wrong_key_do_not_log").get("/api/v1/chats").status()).isEqualTo(401);
    HttpJson admin = http.withKey(null);
    HttpJson.Response tenant = admin.post("/api/v1/admin/tenants", Map.of("name", "logged"), Map.of("X-Admin-Key", "test-admin-key"));
    assertThat(tenant.status()).isEqualTo(201);
    String issuedKey = (String) tenant.json().get("api_key");

    List<ILoggingEvent> events = infoAndAbove();
    for (ILoggingEvent e : events) {
      assertThat(everything(e)).as("log line %s", e.getFormattedMessage())
          .doesNotContain(apiKey).doesNotContain(issuedKey).doesNotContain("test-admin-key").doesNotContain("pk_wrong_key")
          .doesNotContain(SECRET).doesNotContain("do-not-log").doesNotContain("4111");
    }
    List<ILoggingEvent> access = events.stream().filter(e -> e.getLoggerName().equals("dev.parley.http.access")).toList();
    assertThat(access).anySatisfy(e -> {
      assertThat(e.getFormattedMessage()).startsWith("POST /api/v1/chats/" + chat + "/messages 200 ");
      assertThat(e.getMDCPropertyMap()).containsEntry("chat_id", chat).containsKey("tenant_id");
    });
    assertThat(access).anySatisfy(e -> {
      assertThat(e.getFormattedMessage()).startsWith("POST /api/v1/chats/" + chat + "/end 200 ");
      assertThat(e.getMDCPropertyMap()).containsEntry("call_id", callId);
    });
    assertThat(access).anySatisfy(e -> assertThat(e.getFormattedMessage()).startsWith("GET /api/v1/chats 401 "));
  }
}
