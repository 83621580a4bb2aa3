package dev.parley.bootstrap.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import dev.parley.bootstrap.support.WebhookReceiver;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A completion webhook being sent to a receiver that hangs when the server stops: the outbox row is given back at
 * once (due now, not after its 60 s claim), the cut attempt is not counted, and another instance delivers it.
 */
class OutboxShutdownTest {
  private static final String DUE_AND_FREE = "SELECT count(*) FROM webhook_outbox "
      + "WHERE status = 'pending' AND attempts = 0 AND next_attempt_at <= now()";
  private final CountDownLatch hanging = new CountDownLatch(1);
  private final CountDownLatch letGo = new CountDownLatch(1);
  private TestDatabase.Database database;
  private WebhookReceiver receiver;
  private EmbeddedServer server;
  private EmbeddedServer other;

  @AfterEach
  void cleanUp() {
    letGo.countDown();
    if (server != null && server.isRunning()) server.stop();
    if (other != null && other.isRunning()) other.stop();
    if (receiver != null) receiver.close();
    if (database != null) TestDatabase.drop(database);
  }

  @Test
  void a_claimed_event_is_given_back_when_the_server_stops() throws Exception {
    database = TestDatabase.create();
    Sql db = database.sql();
    receiver = new WebhookReceiver();
    receiver.answerWith(() -> { // hangs until the test lets go, then fails
      hanging.countDown();
      try {
        letGo.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 503;
    });
    server = start();
    String key = server.getApplicationContext().getBean(CreateTenant.class).create("outbox-stop").apiKey();
    HttpJson http = new HttpJson(server.getURI(), key);
    String agent = (String) http.post("/api/v1/agents", Map.of("name", "Hooked", "greeting", "Hi",
        "completion_webhook", Map.of("url", receiver.url("/hooks/stop"), "secret", "stop-secret"))).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agent)).json().get("id");
    assertThat(http.post("/api/v1/chats/" + chat + "/end", Map.of()).status()).isEqualTo(200);

    assertThat(hanging.await(20, TimeUnit.SECONDS)).as("the webhook is being sent").isTrue();
    assertThat(db.count("SELECT count(*) FROM webhook_outbox WHERE next_attempt_at > now()"))
        .as("claimed: due again only after the lease").isEqualTo(1);

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop); // what the shutdown hook calls
    await().atMost(Duration.ofSeconds(20)).until(() -> db.count(DUE_AND_FREE) == 1); // while the receiver still hangs
    letGo.countDown(); // the cut attempt ends in a 503 ...
    stopping.get(60, TimeUnit.SECONDS);
    assertThat(db.count(DUE_AND_FREE)).as("... which is not recorded: the event is free for the next claimer").isEqualTo(1);

    receiver.answerWith(() -> 200);
    other = start();
    await().atMost(Duration.ofSeconds(20))
        .until(() -> db.count("SELECT count(*) FROM webhook_outbox WHERE status = 'delivered' AND attempts = 1") == 1);
  }

  private EmbeddedServer start() {
    Map<String, Object> properties = database.serverProperties(4);
    properties.put("parley.outbound.allow-loopback", true);
    properties.put("parley.webhooks.timeout", "60s"); // the receiver, not the time-out, ends the attempt
    return ApplicationContext.run(EmbeddedServer.class, properties);
  }
}
