package dev.parley.bootstrap.security;

import static dev.parley.bootstrap.support.HttpJson.asList;
import static dev.parley.bootstrap.support.HttpJson.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a tenant's agent definition may cost the server: patterns whose compiled program would explode are refused
 * before they are compiled, matching work per turn is bounded, and an agent has bounded numbers of rules and analysis
 * fields and a bounded prompt. The same bounds hold for inline agents of the stateless endpoint.
 */
class AgentDefinitionBoundsTest extends ApiTestBase {
  private static final String EXPLOSIVE = "(?:(?:a{1000}){1000}){1000}";
  private static final String COMPLETION = "/api/v1/text-chat/completion";

  private static Map<String, Object> agent(List<Map<String, Object>> rules) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", "Bounded");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", rules, "fallback", "fallback"));
    return agent;
  }

  private static Map<String, Object> rule(String match, String reply) {
    return Map.of("match", match, "reply", reply);
  }

  private static Map<String, Object> inline(Map<String, Object> agent, String text) {
    return Map.of("agent", agent, "messages", List.of(Map.of("role", "user", "content", text)));
  }

  private record Timed(HttpJson.Response response, long millis) {}

  private static Timed timed(Supplier<HttpJson.Response> call) {
    long start = System.nanoTime();
    HttpJson.Response response = call.get();
    return new Timed(response, (System.nanoTime() - start) / 1_000_000);
  }

  private static void assertRefused(HttpJson.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json()).containsEntry("code", "invalid_value").containsEntry("field", field);
  }

  @Test
  void a_pattern_whose_program_would_explode_is_refused_in_milliseconds_naming_the_rule() {
    Map<String, Object> explosive = agent(List.of(rule("(?i)hello", "hi"), rule(EXPLOSIVE, "never")));
    Timed created = timed(() -> http.post("/api/v1/agents", explosive));
    assertRefused(created.response(), "/script/rules/1/match");
    assertThat(created.response().json().get("detail").toString()).contains("5000 instructions");
    assertThat(created.millis()).isLessThan(2_000);
    Misuse.record("script-pattern", "POST /api/v1/agents with match " + EXPLOSIVE,
        created.response().status() + " field " + created.response().json().get("field") + " in " + created.millis() + " ms");

    String id = (String) http.post("/api/v1/agents", agent(List.of(rule("(?i)hello", "hi")))).json().get("id");
    Timed updated = timed(() -> http.put("/api/v1/agents/" + id, agent(List.of(rule("(x{1000}){1000}y1", "never")))));
    assertRefused(updated.response(), "/script/rules/0/match");
    Misuse.record("script-pattern", "PUT /api/v1/agents/{id} with match (x{1000}){1000}y1",
        updated.response().status() + " field " + updated.response().json().get("field") + " in " + updated.millis() + " ms");

    Timed stateless = timed(() -> http.post(COMPLETION, inline(agent(List.of(rule(EXPLOSIVE, "never"))), "aaaa")));
    assertRefused(stateless.response(), "/agent/script/rules/0/match");
    Misuse.record("script-pattern", "POST " + COMPLETION + " with an inline agent matching " + EXPLOSIVE,
        stateless.response().status() + " field " + stateless.response().json().get("field") + " in " + stateless.millis() + " ms");

    // the largest program that is allowed still compiles and works
    HttpJson.Response justUnder = http.post("/api/v1/agents", agent(List.of(rule("(?:x{1000}){4}y", "four thousand"))));
    assertThat(justUnder.status()).as(justUnder.body()).isEqualTo(201);
  }

  @Test
  void a_case_insensitive_pattern_that_would_hang_the_regex_parser_is_refused_naming_the_rule() {
    String hanging = "(?i)[\\x00-\\x{FFFD}]"; // RE2/J's case folding never ended on U+1C80 (found by fuzzing)
    Timed created = timed(() -> http.post("/api/v1/agents", agent(List.of(rule(hanging, "never")))));
    assertRefused(created.response(), "/script/rules/0/match");
    assertThat(created.response().json().get("detail").toString()).contains("U+1C80");
    Misuse.record("script-pattern-fold", "POST /api/v1/agents with match " + hanging,
        created.response().status() + " field " + created.response().json().get("field") + " in " + created.millis() + " ms");
  }

  @Test
  void a_pattern_longer_than_1000_characters_is_refused_naming_the_rule() {
    HttpJson.Response r = http.post("/api/v1/agents", agent(List.of(rule("a".repeat(1001), "x"))));
    assertRefused(r, "/script/rules/0/match");
    Misuse.record("script-pattern-length", "POST /api/v1/agents with a 1,001-character match",
        r.status() + " field " + r.json().get("field"));
    assertThat(http.post("/api/v1/agents", agent(List.of(rule("a".repeat(1000), "x")))).status()).isEqualTo(201);
  }

  @Test
  void matching_work_per_turn_is_bounded_and_the_fallback_answers_once_it_is_spent() {
    // (?:x{1000}){4}y is allowed (4,005 instructions), but scanning a 30,000-character message with it would pass
    // the turn's budget, so neither it nor a later rule is tried.
    String id = (String) http.post("/api/v1/agents", agent(List.of(rule("(?:x{1000}){4}y", "four thousand"),
        rule("(?i)hello", "hi")))).json().get("id");
    String chat = (String) http.post("/api/v1/chats", Map.of("agent_id", id)).json().get("id");
    String text = "hello " + "x".repeat(30_000);

    Timed turn = timed(() -> http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", text)));

    assertThat(turn.response().status()).as(turn.response().body()).isEqualTo(200);
    List<Object> messages = asList(turn.response().json().get("messages"));
    assertThat(asMap(messages.get(messages.size() - 1))).containsEntry("content", "fallback");
    Misuse.record("script-match-work", "a 30,006-character message against (?:x{1000}){4}y (4,005 instructions)",
        turn.response().status() + " fallback reply, rule not run, in " + turn.millis() + " ms");
    // a short message is matched by the same rules as before
    List<Object> shortTurn = asList(http.post("/api/v1/chats/" + chat + "/messages", Map.of("content", "hello")).json().get("messages"));
    assertThat(asMap(shortTurn.get(shortTurn.size() - 1))).containsEntry("content", "hi");
  }

  @Test
  void an_agent_has_at_most_500_rules_64_analysis_fields_and_a_128_KiB_prompt() {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (int i = 0; i < 501; i++) rules.add(rule("word" + i, "reply " + i));
    List<Map<String, Object>> fields = new ArrayList<>();
    for (int i = 0; i < 65; i++) fields.add(Map.of("name", "field" + i));

    Map<String, Object> tooManyRules = agent(rules);
    HttpJson.Response r = http.post("/api/v1/agents", tooManyRules);
    assertRefused(r, "/script/rules");
    Misuse.record("agent-size", "POST /api/v1/agents with 501 script rules", r.status() + " field " + r.json().get("field"));
    assertRefused(http.post(COMPLETION, inline(tooManyRules, "hi")), "/agent/script/rules");

    Map<String, Object> tooManyFields = agent(List.of());
    tooManyFields.put("analysis_fields", fields);
    r = http.post("/api/v1/agents", tooManyFields);
    assertRefused(r, "/analysis_fields");
    Misuse.record("agent-size", "POST /api/v1/agents with 65 analysis fields", r.status() + " field " + r.json().get("field"));

    Map<String, Object> longPrompt = agent(List.of());
    longPrompt.put("prompt", "p".repeat(128 * 1024 + 1));
    r = http.post("/api/v1/agents", longPrompt);
    assertRefused(r, "/prompt");
    Misuse.record("agent-size", "POST /api/v1/agents with a 131,073-character prompt", r.status() + " field " + r.json().get("field"));

    Map<String, Object> atTheLimits = agent(rules.subList(0, 500));
    atTheLimits.put("analysis_fields", fields.subList(0, 64));
    atTheLimits.put("prompt", "p".repeat(128 * 1024));
    HttpJson.Response created = http.post("/api/v1/agents", atTheLimits);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = (String) created.json().get("id");
    assertRefused(http.put("/api/v1/agents/" + id, tooManyRules), "/script/rules");
    assertThat(asList(asMap(http.get("/api/v1/agents/" + id).json().get("script")).get("rules"))).hasSize(500);
  }
}
