package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.HttpJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest extends ApiTestBase {

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.rate-limit.per-second", 0.5, "parley.rate-limit.burst", 3);
  }

  @Test
  void a_key_past_its_burst_gets_429_with_retry_after_while_another_key_is_served() {
    List<HttpJson.Response> responses = new ArrayList<>();
    for (int i = 0; i < 4; i++) responses.add(http.get("/api/v1/chats"));
    assertThat(responses.subList(0, 3)).extracting(HttpJson.Response::status).containsOnly(200);
    HttpJson.Response limited = responses.get(3);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.contentType()).contains("application/problem+json");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 2L);
    assertThat(http.withKey(newTenantKey("second")).get("/api/v1/chats").status()).isEqualTo(200);
  }
}
