package dev.parley.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalEndpointTest {

  @Test
  void key_order_does_not_change_the_canonical_form_or_hash() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("from", "+1");
    a.put("to", "+2");
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("to", "+2");
    b.put("from", "+1");
    ExternalEndpoint x = ExternalEndpoint.of("sms", a).orElseThrow();
    ExternalEndpoint y = ExternalEndpoint.of("sms", b).orElseThrow();
    assertThat(x.canonicalForm()).isEqualTo(y.canonicalForm()).isEqualTo("sms|{\"from\":\"+1\",\"to\":\"+2\"}");
    assertThat(x.hash()).isEqualTo(y.hash()).hasSize(32);
  }

  @Test
  void the_channel_is_part_of_the_endpoint() {
    assertThat(ExternalEndpoint.of("sms", Map.of("id", 1)).orElseThrow().hash())
        .isNotEqualTo(ExternalEndpoint.of("web", Map.of("id", 1)).orElseThrow().hash());
  }

  @Test
  void absent_or_empty_external_ids_are_no_endpoint() {
    assertThat(ExternalEndpoint.of("sms", null)).isEmpty();
    assertThat(ExternalEndpoint.of("sms", Map.of())).isEmpty();
    assertThat(ExternalEndpoint.of("sms", "  ")).isEmpty();
    assertThat(ExternalEndpoint.of("sms", List.of())).isEmpty();
  }

  @Test
  void numbers_compare_by_value() {
    assertThat(ExternalEndpoint.of("sms", Map.of("n", 1.0)).orElseThrow().canonicalForm())
        .isEqualTo(ExternalEndpoint.of("sms", Map.of("n", 1)).orElseThrow().canonicalForm());
  }

  @Test
  void reserved_keys_are_dropped_from_additional_data() {
    AdditionalData data = AdditionalData.of(Map.of("channel", "spoofed", "customerName", "Ada"));
    assertThat(data.values()).containsOnlyKeys("customerName");
    assertThat(data.overriddenBy(AdditionalData.of(Map.of("customerName", "Bob", "chat_id", "x"))).values())
        .containsExactly(Map.entry("customerName", "Bob"));
  }
}
