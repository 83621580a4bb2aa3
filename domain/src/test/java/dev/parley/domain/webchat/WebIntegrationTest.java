package dev.parley.domain.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebIntegrationTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  private static WebIntegration with(List<String> origins, List<ToolDefinition> tools, Instant expiresAt) {
    return new WebIntegration(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), true, origins, tools, expiresAt, null, NOW);
  }

  @Test
  void origins_are_compared_in_the_form_browsers_send() {
    WebIntegration w = with(List.of("HTTPS://Shop.Example:443/", "http://localhost:8080"), List.of(), null);
    assertThat(w.allowedOrigins()).containsExactly("https://shop.example", "http://localhost:8080");
    assertThat(w.allowsOrigin("https://shop.example")).isTrue();
    assertThat(w.allowsOrigin("http://localhost:8080")).isTrue();
    assertThat(w.allowsOrigin("https://shop.example:8443")).isFalse();
    assertThat(w.allowsOrigin("http://shop.example")).isFalse();
    assertThat(w.allowsOrigin("https://evil.example")).isFalse();
    assertThat(w.allowsOrigin("null")).isFalse();
    assertThat(w.allowsOrigin(null)).isFalse();
  }

  @Test
  void no_listed_origin_or_a_star_admits_any_origin_including_none() {
    assertThat(with(List.of(), List.of(), null).allowsOrigin(null)).isTrue();
    assertThat(with(null, List.of(), null).allowsOrigin("https://anything.example")).isTrue();
    assertThat(with(List.of("*"), List.of(), null).allowsOrigin("https://anything.example")).isTrue();
  }

  @Test
  void only_scheme_host_and_port_make_an_origin() {
    for (String bad : List.of("shop.example", "ftp://shop.example", "https://shop.example/path", "https://user@shop.example",
        "https://shop.example?x=1", " "))
      assertThatThrownBy(() -> with(List.of(bad), List.of(), null)).as(bad).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void client_tools_take_no_webhook_no_duplicate_and_not_the_built_in_finish() {
    ToolDefinition plain = new ToolDefinition("scrollTo", "", Map.of("type", "object"), null);
    assertThat(with(List.of(), List.of(plain), null).clientTool("scrollTo")).isPresent();
    assertThatThrownBy(() -> with(List.of(), List.of(new ToolDefinition("hook", "", null,
        new ToolDefinition.ToolWebhook("https://example.com", 100))), null)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> with(List.of(), List.of(plain, plain), null)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> with(List.of(), List.of(new ToolDefinition(ToolDefinition.FINISH_THE_CONVERSATION, "", null, null)), null))
        .isInstanceOf(InvalidValueException.class);
  }

  @Test
  void expiry_is_exclusive_of_the_expiry_instant() {
    WebIntegration w = with(List.of(), List.of(), NOW.plusSeconds(60));
    assertThat(w.isExpiredAt(NOW.plusSeconds(59))).isFalse();
    assertThat(w.isExpiredAt(NOW.plusSeconds(60))).isTrue();
    assertThat(with(List.of(), List.of(), null).isExpiredAt(NOW.plusSeconds(1_000_000))).isFalse();
  }
}
