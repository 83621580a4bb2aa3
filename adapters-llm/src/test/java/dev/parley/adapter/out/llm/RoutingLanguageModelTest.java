package dev.parley.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingLanguageModelTest {

  /** Answers with its own name, so the test can see who was asked. */
  private record Named(String name) implements LanguageModel {
    @Override
    public ModelReply complete(ModelRequest request) {
      return new TextReply(name, false);
    }

    @Override
    public Map<String, Object> analyze(AgentDefinition agent, List<Message> transcript, String finalReason) {
      return Map.of("by", name);
    }

    @Override
    public List<String> validate(AgentDefinition agent) {
      return List.of(name);
    }
  }

  private final RoutingLanguageModel router = new RoutingLanguageModel(new Named("scripted"), new Named("openai"));

  @Test
  void scripted_agents_go_to_the_scripted_provider_and_others_to_openai() {
    AgentDefinition scripted = agent(ModelSettings.SCRIPTED);
    AgentDefinition openAi = agent(new ModelSettings("openai", "m", null, null, null));

    assertThat(router.complete(new LanguageModel.ModelRequest(scripted, "", List.of(), Map.of())))
        .isEqualTo(new LanguageModel.TextReply("scripted", false));
    assertThat(router.stream(new LanguageModel.ModelRequest(openAi, "", List.of(), Map.of()), piece -> {}))
        .isEqualTo(new LanguageModel.TextReply("openai", false));
    assertThat(router.analyze(openAi, List.of(), null)).containsEntry("by", "openai");
    assertThat(router.validate(scripted)).containsExactly("scripted");
  }

  private static AgentDefinition agent(ModelSettings settings) {
    return new AgentDefinition("Bot", "p", null, settings, null, List.of(), null, List.of(), null);
  }
}
