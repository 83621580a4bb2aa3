package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import org.junit.jupiter.api.Test;

class HealthAndDocsTest extends ApiTestBase {

  @Test
  void health_answers_up_with_the_database_checked() {
    HttpJson.Response health = http.send("GET", "/health", null, java.util.Map.of("X-Admin-Key", "test-admin-key")); // details: operator only
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json()).containsEntry("status", "UP");
    assertThat(health.body()).contains("jdbc");
    assertThat(http.get("/health/readiness").status()).isEqualTo(200);
    assertThat(http.get("/health/liveness").status()).isEqualTo(200);
  }

  @Test
  void the_openapi_document_is_served_and_describes_the_chat_endpoints() {
    HttpJson.Response doc = http.get("/openapi.yml");
    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body()).contains("openapi:").contains("/api/v1/chats").contains("/api/v1/agents");
    assertThat(doc.body()).contains("ttl_seconds:").contains("is_final").doesNotContain("ttlSeconds").doesNotContain("isFinal");
  }

  @Test
  void the_browsable_api_page_is_served_without_internet() {
    HttpJson.Response page = http.get("/swagger-ui/index.html");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("swagger").doesNotContain("cdn.jsdelivr").doesNotContain("unpkg.com");
  }

  @Test
  void prometheus_metrics_are_exposed() {
    HttpJson.Response metrics = http.get("/prometheus");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
  }
}
