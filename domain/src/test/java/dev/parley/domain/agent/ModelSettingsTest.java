package dev.parley.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.common.InvalidValueException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSettingsTest {

  @Test
  void a_scripted_agent_stored_with_a_base_url_still_reads_and_a_connection_refuses_one() {
    assertThat(new ModelSettings("scripted", null, "http://example.test/v1", null, null).isScripted()).isTrue();
    assertThat(new ModelSettings("openai", null, "http://example.test/v1", null, null).baseUrl()).isEqualTo("http://example.test/v1");
    assertThatThrownBy(() -> new ModelSettings("acme", null, "http://example.test/v1", null, null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("only for provider openai");
  }

  @Test
  void connection_names_are_lower_cased_checked_and_fallbacks_bounded() {
    assertThat(new ModelSettings("Acme-LLM", "m", null, null, null).provider()).isEqualTo("acme-llm");
    assertThatThrownBy(() -> new ModelSettings("a b", null, null, null, null)).isInstanceOf(InvalidValueException.class);
    List<ModelSettings.ModelChoice> six = List.of(new ModelSettings.ModelChoice("a", null), new ModelSettings.ModelChoice("b", null),
        new ModelSettings.ModelChoice("c", null), new ModelSettings.ModelChoice("d", null), new ModelSettings.ModelChoice("e", null),
        new ModelSettings.ModelChoice("f", null));
    assertThatThrownBy(() -> new ModelSettings("x", null, null, null, null, six)).hasMessageContaining("at most 5");
    assertThatThrownBy(() -> new ModelSettings.ModelChoice("scripted", null)).hasMessageContaining("cannot name scripted");
    assertThat(new ModelSettings("x", null, null, null, null, six.subList(0, 2)).providers()).containsExactly("x", "a", "b");
  }
}
