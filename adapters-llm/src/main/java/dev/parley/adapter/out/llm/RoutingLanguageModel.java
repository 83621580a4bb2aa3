package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.session.Message;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The port the application sees: sends each call to the scripted or the OpenAI-compatible provider, per agent. */
public final class RoutingLanguageModel implements LanguageModel {
  private final LanguageModel scripted;
  private final LanguageModel openAi;

  public RoutingLanguageModel(LanguageModel scripted, LanguageModel openAi) {
    this.scripted = scripted;
    this.openAi = openAi;
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    return providerFor(request.agent()).complete(request);
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    return providerFor(request.agent()).stream(request, sink);
  }

  @Override
  public Map<String, Object> analyze(AgentDefinition agent, List<Message> transcript, String finalReason) {
    return providerFor(agent).analyze(agent, transcript, finalReason);
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    return providerFor(agent).validate(agent);
  }

  private LanguageModel providerFor(AgentDefinition agent) {
    return agent.model().isScripted() ? scripted : openAi;
  }
}
