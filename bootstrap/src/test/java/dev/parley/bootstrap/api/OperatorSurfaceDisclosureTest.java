package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import dev.parley.bootstrap.support.Misuse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the operator surface tells a caller without the operator key (#16.7): {@code /health} gives the status alone
 * (no JDBC URL, database version or disk space), and every operator route answers exactly like an unknown route,
 * whatever the method, the key presented and the body, with or without an operator key configured.
 */
class OperatorSurfaceDisclosureTest extends ApiTestBase {
  private static final String ADMIN_KEY = "test-admin-key"; // ApiTestBase's
  private static final String TENANT = "/api/v1/admin/tenants/00000000-0000-0000-0000-000000000001";

  private record Call(String method, String path, String body) {}

  private static final List<Call> ADMIN_CALLS = List.of(
      new Call("POST", "/api/v1/admin/tenants", "{\"name\": \"x\"}"),
      new Call("POST", "/api/v1/admin/tenants", "{not json"),
      new Call("POST", "/api/v1/admin/tenants", "{\"name\": 42}"),
      new Call("POST", "/api/v1/admin/tenants", null),
      new Call("GET", TENANT + "/api-keys", null),
      new Call("POST", TENANT + "/api-keys", "[1, 2"),
      new Call("DELETE", TENANT + "/api-keys/not-a-uuid", null),
      new Call("PATCH", "/api/v1/admin/tenants", "{}"));

  @Test
  void health_shows_the_status_alone_without_the_operator_key_and_the_details_with_it() {
    HttpJson anonymous = new HttpJson(server.getURI(), null);
    HttpJson.Response health = anonymous.get("/health");
    Misuse.record("health-disclosure", "GET /health without credentials",
        health.status() + " " + health.body().length() + " bytes: " + health.body());
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json()).containsEntry("status", "UP");
    assertThat(health.body()).doesNotContain("jdbc").doesNotContain("PostgreSQL").doesNotContainIgnoringCase("diskSpace");
    assertThat(health.json().get("details")).isNull();
    HttpJson.Response wrongKey = anonymous.send("GET", "/health", null, Map.of("X-Admin-Key", "guess"));
    assertThat(wrongKey.body()).doesNotContain("jdbc");
    HttpJson.Response tenantKey = http.send("GET", "/health", null, Map.of("X-Admin-Key", apiKey));
    assertThat(tenantKey.body()).doesNotContain("jdbc");

    HttpJson.Response operator = anonymous.send("GET", "/health", null, Map.of("X-Admin-Key", ADMIN_KEY));
    assertThat(operator.status()).isEqualTo(200);
    assertThat(operator.body()).contains("jdbc").containsIgnoringCase("diskSpace");

    // the probes keep working without credentials
    assertThat(anonymous.get("/health/readiness").status()).isEqualTo(200);
    assertThat(anonymous.get("/health/liveness").status()).isEqualTo(200);
  }

  @Test
  void every_operator_route_answers_like_an_unknown_route_to_a_caller_without_the_right_key() {
    assertAdminRoutesLookUnknown(server.getURI(), List.of(Map.of(), Map.of("X-Admin-Key", "wrong"), Map.of("X-Admin-Key", ""),
        Map.of("X-Admin-Key", ADMIN_KEY.toUpperCase()), Map.of("X-API-Key", apiKey)), "operator key configured");
    // the right key still works
    HttpJson.Response created = new HttpJson(server.getURI(), null)
        .post("/api/v1/admin/tenants", Map.of("name", "operator-made"), Map.of("X-Admin-Key", ADMIN_KEY));
    assertThat(created.status()).isEqualTo(201);
  }

  @Test
  void without_an_operator_key_configured_every_operator_route_answers_like_an_unknown_route() {
    var unconfigured = startAnotherServer(Map.of("parley.admin-key", ""));
    assertAdminRoutesLookUnknown(unconfigured.getURI(), List.of(Map.of(), Map.of("X-Admin-Key", ""),
        Map.of("X-Admin-Key", ADMIN_KEY)), "no operator key configured");
  }

  private void assertAdminRoutesLookUnknown(java.net.URI base, List<Map<String, String>> credentials, String setting) {
    HttpJson client = new HttpJson(base, null);
    int probes = 0;
    String unknownAnswer = null;
    for (Call call : ADMIN_CALLS) {
      HttpJson.Response unknown = client.send(call.method(), "/api/v1/admin-no-such-route", call.body(), Map.of());
      assertThat(unknown.status()).isEqualTo(404);
      for (Map<String, String> headers : credentials) {
        HttpJson.Response answer = client.send(call.method(), call.path(), call.body(), headers);
        String what = call.method() + " " + call.path() + " body " + call.body() + " headers " + headers.keySet() + " (" + setting + ")";
        assertThat(answer.status()).as(what).isEqualTo(unknown.status());
        assertThat(answer.contentType()).as(what).isEqualTo(unknown.contentType());
        assertThat(answer.body()).as(what).isEqualTo(unknown.body());
        probes++;
      }
      unknownAnswer = unknown.status() + " " + unknown.body();
    }
    Misuse.record("admin-route-probe", probes + " operator requests (POST/GET/DELETE/PATCH, bodies valid, malformed JSON, wrong"
        + " types, none; no key or a wrong one) with " + setting, "every one identical to an unknown route: " + unknownAnswer);
  }
}
