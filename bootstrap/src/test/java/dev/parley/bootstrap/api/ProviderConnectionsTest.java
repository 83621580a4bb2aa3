package dev.parley.bootstrap.api;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.AtRestScan;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Provider connections over REST: secrets write-only and sealed at rest, names reserved, base URLs vetted, deletion
 * refused while used; and turns that reach a tenant's own endpoint with its key and headers, falling back when it fails.
 */
class ProviderConnectionsTest extends ApiTestBase {
  private static final String SERVER_KEY = "sk-server-wide-key-1234";
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private HttpServer good;
  private HttpServer broken;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.openai.api-key", SERVER_KEY, "parley.openai.max-retries", 0);
  }

  @AfterAll
  void stopFakes() {
    if (good != null) good.stop(0);
    if (broken != null) broken.stop(0);
  }

  /** An OpenAI-compatible endpoint that records the credentials it receives and answers with the model it was asked. */
  private String goodEndpoint() throws Exception {
    if (good == null) {
      good = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      good.createContext("/v1/chat/completions", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> call = new HashMap<>();
        call.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        call.put("x-org", String.valueOf(exchange.getRequestHeaders().getFirst("X-Org")));
        call.put("model", String.valueOf(asMap(HttpJson.parse(body)).get("model")));
        seen.add(call);
        byte[] answer = ("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"answered by " + call.get("model")
            + "\"}}]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
      });
      good.start();
    }
    return "http://127.0.0.1:" + good.getAddress().getPort() + "/v1";
  }

  private String brokenEndpoint() throws Exception {
    if (broken == null) {
      broken = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      broken.createContext("/v1/chat/completions", exchange -> {
        failures.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
      });
      broken.start();
    }
    return "http://127.0.0.1:" + broken.getAddress().getPort() + "/v1";
  }

  private Map<String, Object> connection(String name, String baseUrl, String apiKey) {
    Map<String, Object> c = new HashMap<>();
    c.put("name", name);
    c.put("kind", "openai");
    c.put("base_url", baseUrl);
    if (apiKey != null) c.put("api_key", apiKey);
    c.put("default_model", "house-model");
    c.put("headers", Map.of("X-Org", "org-secret-value"));
    c.put("prices", Map.of("house-model", Map.of("input_per_million", 0.15, "output_per_million", 0.6)));
    c.put("max_retries", 0);
    return c;
  }

  private String agentOn(String provider, String model, List<Map<String, Object>> fallbacks) {
    Map<String, Object> m = new HashMap<>();
    m.put("provider", provider);
    if (model != null) m.put("model", model);
    if (fallbacks != null) m.put("fallbacks", fallbacks);
    HttpJson.Response created = http.post("/api/v1/agents", Map.of("name", "On " + provider, "prompt", "Be brief.", "model", m));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return (String) created.json().get("id");
  }

  private String reply(String agentId, String text) {
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", agentId)).json().get("id");
    HttpJson.Response turn = http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", text));
    assertThat(turn.status()).as(turn.body()).isEqualTo(200);
    List<Object> messages = asList(turn.json().get("messages"));
    return (String) asMap(messages.get(messages.size() - 1)).get("content");
  }

  @Test
  void create_read_list_replace_and_delete_without_ever_returning_or_storing_a_secret_in_clear() throws Exception {
    String key = "sk-tenant-key-" + System.nanoTime();
    HttpJson.Response created = http.post("/api/v1/providers", connection("acme-llm", goodEndpoint(), key));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/providers/acme-llm");
    assertThat(created.json()).containsEntry("name", "acme-llm").containsEntry("kind", "openai")
        .containsEntry("has_api_key", true).containsEntry("default_model", "house-model");
    assertThat(asList(created.json().get("header_names"))).containsExactly("X-Org");
    assertThat(created.body()).doesNotContain(key).doesNotContain("org-secret-value");

    assertThat(http.get("/api/v1/providers/acme-llm").json()).containsEntry("has_api_key", true);
    assertThat(asList(http.get("/api/v1/providers").json().get("items"))).extracting(p -> asMap(p).get("name")).contains("acme-llm");
    assertThat(http.post("/api/v1/providers", connection("acme-llm", goodEndpoint(), key)).status()).isEqualTo(409);

    Map<String, Object> replaced = connection("acme-llm", goodEndpoint(), null); // key left out: kept
    replaced.remove("headers"); // headers left out: kept
    replaced.put("default_model", "other-model");
    HttpJson.Response put = http.put("/api/v1/providers/acme-llm", replaced);
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json()).containsEntry("has_api_key", true).containsEntry("default_model", "other-model");
    assertThat(asList(put.json().get("header_names"))).containsExactly("X-Org");

    AtRestScan.Result scan = AtRestScan.find(database.sql(), key);
    assertThat(scan.tables()).contains("public.provider_connections");
    assertThat(scan.hits()).as("the API key in clear at rest").isEmpty();
    assertThat(AtRestScan.find(database.sql(), "org-secret-value").hits()).as("a header value in clear at rest").isEmpty();

    assertThat(http.delete("/api/v1/providers/acme-llm").status()).isEqualTo(204);
    assertThat(http.get("/api/v1/providers/acme-llm").status()).isEqualTo(404);
  }

  @Test
  void reserved_names_bad_urls_addresses_the_server_does_not_call_and_unknown_providers_are_400_naming_the_field() throws Exception {
    for (String reserved : List.of("openai", "scripted")) {
      HttpJson.Response r = http.post("/api/v1/providers", connection(reserved, goodEndpoint(), "k"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().get("detail").toString()).contains("reserved");
    }
    HttpJson.Response privateAddress = http.post("/api/v1/providers", connection("inside", "http://10.1.2.3/v1", "k"));
    assertThat(privateAddress.status()).isEqualTo(400);
    assertThat(privateAddress.body()).contains("/base_url");
    Misuse.record("provider-base-url", "POST /api/v1/providers with base_url http://10.1.2.3/v1 (private addresses off)",
        privateAddress.status() + " " + privateAddress.json().get("detail"));
    assertThat(http.post("/api/v1/providers", connection("Bad Name", goodEndpoint(), "k")).status()).isEqualTo(400);
    assertThat(http.post("/api/v1/providers", connection("ftp", "ftp://127.0.0.1/v1", "k")).status()).isEqualTo(400);
    Map<String, Object> badKind = connection("kindless", goodEndpoint(), "k");
    badKind.put("kind", "cohere");
    assertThat(http.post("/api/v1/providers", badKind).body()).contains("/kind");

    HttpJson.Response unknown = http.post("/api/v1/agents", Map.of("name", "x", "model", Map.of("provider", "nowhere")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).contains("/model/provider");
    HttpJson.Response baseUrlElsewhere = http.post("/api/v1/agents", Map.of("name", "x",
        "model", Map.of("provider", "nowhere", "base_url", goodEndpoint())));
    assertThat(baseUrlElsewhere.status()).isEqualTo(400);
  }

  @Test
  void a_turn_reaches_the_tenants_own_endpoint_with_its_key_and_headers_and_never_the_server_key() throws Exception {
    assertThat(http.post("/api/v1/providers", connection("own", goodEndpoint(), "sk-own-key")).status()).isEqualTo(201);
    String agent = agentOn("own", null, null);
    seen.clear();

    assertThat(reply(agent, "hello")).isEqualTo("answered by house-model");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsEntry("authorization", "Bearer sk-own-key").containsEntry("x-org", "org-secret-value");
    assertThat(seen.toString()).doesNotContain(SERVER_KEY);

    HttpJson.Response refused = http.delete("/api/v1/providers/own");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("detail").toString()).contains(agent);
    assertThat(http.delete("/api/v1/agents/" + agent).status()).isEqualTo(204);
    assertThat(http.delete("/api/v1/providers/own").status()).isEqualTo(204);
  }

  @Test
  void a_fallback_answers_when_the_first_provider_fails_and_deletion_is_refused_while_a_fallback_names_it() throws Exception {
    assertThat(http.post("/api/v1/providers", connection("flaky", brokenEndpoint(), "sk-flaky")).status()).isEqualTo(201);
    assertThat(http.post("/api/v1/providers", connection("steady", goodEndpoint(), "sk-steady")).status()).isEqualTo(201);
    String agent = agentOn("flaky", "big-model", List.of(Map.of("provider", "steady", "model", "small-model")));
    assertThat(asList(asMap(http.get("/api/v1/agents/" + agent).json().get("model")).get("fallbacks")))
        .containsExactly(Map.of("provider", "steady", "model", "small-model"));
    seen.clear();
    int failedBefore = failures.get();

    assertThat(reply(agent, "are you there?")).isEqualTo("answered by small-model");
    assertThat(failures.get() - failedBefore).isEqualTo(1); // max_retries 0: one attempt, then the fallback
    assertThat(seen).extracting(c -> c.get("authorization")).containsExactly("Bearer sk-steady");

    assertThat(http.delete("/api/v1/providers/steady").status()).isEqualTo(409);
  }
}
