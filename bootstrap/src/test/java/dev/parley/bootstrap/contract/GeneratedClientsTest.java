package dev.parley.bootstrap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.RepositoryFiles;
import dev.parley.bootstrap.support.WebhookReceiver;
import dev.parley.client.ApiClient;
import dev.parley.client.api.ParleyApi;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The clients generated from the served OpenAPI document — Java (openapi-generator, module clients/java) and
 * TypeScript (openapi-typescript + openapi-fetch, clients/typescript) — walk the README's tour against a real server:
 * create an agent, open a chat, send a message, end it and read the completion webhook's delivery.
 */
class GeneratedClientsTest extends ApiTestBase {
  private final WebhookReceiver receiver = new WebhookReceiver();

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms");
  }

  @AfterAll
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void the_generated_java_client_walks_the_tour() throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri(server.getURI().toString());
    client.setRequestInterceptor(request -> request.header("X-API-Key", apiKey));
    ParleyApi parley = new ParleyApi(client);

    var agent = parley.createAgent(body("createAgent", Map.of("name", "Tour guide", "greeting", "Hi! Say bye to finish.",
        "script", Map.of("rules", List.of(Map.of("match", "(?i)bye", "reply", "Goodbye!", "finish", true)),
            "fallback", "You said: {{last_user_message}}"),
        "completion_webhook", Map.of("url", receiver.url("/java-hook"), "secret", "tour-secret"))));
    String agentId = json(agent).path("id").asText();

    var chat = parley.openChat(body("openChat", Map.of("agent_id", agentId, "channel", "web", "user_id", "ada")));
    UUID chatId = UUID.fromString(json(chat).path("id").asText());

    var turn = parley.sendMessage(chatId, body("sendMessage", Map.of("content", "hello")));
    JsonNode newMessages = json(turn).path("messages");
    assertThat(newMessages.path(newMessages.size() - 1).path("content").asText()).isEqualTo("You said: hello");

    var ended = parley.endChat(chatId, body("endChat", Map.of()));
    assertThat(json(ended).path("status").asText()).isEqualTo("final");

    await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(
        json(parley.listWebhookDeliveries(chatId.toString(), null, null, 10)).path("items").path(0).path("status").asText()));
    assertThat(receiver.requestsTo("/java-hook")).singleElement()
        .satisfies(hook -> assertThat(hook.text()).contains("chat.completed").contains(chatId.toString()));
    assertThat(json(parley.getChat(chatId)).path("messages").findValuesAsText("content"))
        .contains("Hi! Say bye to finish.", "hello", "You said: hello");
  }

  @Test
  void the_generated_typescript_client_walks_the_tour() throws Exception {
    Path client = RepositoryFiles.path("clients/typescript");
    // Installed by .ci/run (npm ci): without it this test fails, it is not skipped.
    assertThat(client.resolve("node_modules/openapi-fetch")).as("npm ci --prefix clients/typescript was run").isDirectory();
    String document = server.getURI() + "/swagger/parley-0.1.yml";
    run(client, "node", "node_modules/openapi-typescript/bin/cli.js", document, "-o", "src/generated/parley.d.ts");
    run(client, "node", "node_modules/typescript/bin/tsc", "-p", ".");

    String printed = run(client, "node", "build/tour.js");

    assertThat(printed).containsPattern("chat [0-9a-f-]{36}").contains("reply You said: hello").contains("status final")
        .contains("delivery chat.completed delivered").contains("user:hello | assistant:You said: hello");
    assertThat(receiver.requestsTo("/ts-hook")).singleElement()
        .satisfies(hook -> assertThat(hook.text()).contains("chat.completed"));
  }

  /** Runs a command in {@code folder} with the server's address and key; answers what it printed, failing unless 0. */
  private String run(Path folder, String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("parley-client", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().put("PARLEY_URL", server.getURI().toString());
      builder.environment().put("PARLEY_API_KEY", apiKey);
      builder.environment().put("HOOK_URL", receiver.url("/ts-hook"));
      Process process = builder.start();
      boolean finished = process.waitFor(120, TimeUnit.SECONDS);
      process.destroyForcibly();
      String printed = Files.readString(output);
      assertThat(finished).as("%s finished in time; it printed:%n%s", List.of(command), printed).isTrue();
      assertThat(process.exitValue()).as("%s exit status; it printed:%n%s", List.of(command), printed).isZero();
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static final ObjectMapper MAPPER = new ApiClient().getObjectMapper().copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The request body of the generated operation {@code operationId}, made from JSON fields: the test names operations
   * only, never the generated model classes (their names follow the document's schema names). A field the generated
   * model does not know fails here instead of being dropped.
   */
  @SuppressWarnings("unchecked")
  private static <T> T body(String operationId, Map<String, Object> fields) {
    Method operation = Arrays.stream(ParleyApi.class.getMethods()).filter(m -> m.getName().equals(operationId))
        .min((a, b) -> a.getParameterCount() - b.getParameterCount()).orElseThrow();
    Class<?> bodyType = Arrays.stream(operation.getParameterTypes())
        .filter(type -> type.getPackageName().equals("dev.parley.client.model")).findFirst()
        .orElseThrow(() -> new AssertionError(operationId + " takes no request body"));
    return (T) MAPPER.convertValue(fields, bodyType);
  }

  /** Any answer of the generated client (a model or, where the document says only "object", a map) as JSON. */
  private static JsonNode json(Object answer) {
    return MAPPER.valueToTree(answer);
  }
}
